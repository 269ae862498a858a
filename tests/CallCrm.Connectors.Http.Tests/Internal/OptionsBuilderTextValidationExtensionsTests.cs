using System.Globalization;
using CallCrm.Connectors.Http.Internal;
using CallCrm.Connectors.Http.Soap;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CallCrm.Connectors.Http.Tests.Internal;

public sealed class OptionsBuilderTextValidationExtensionsTests
{
    private static ServiceProvider Register(Action<OptionsBuilder<SoapClientOptions>> validate)
    {
        var services = new ServiceCollection();
        validate(services.AddOptions<SoapClientOptions>("legacy").Configure(o => o.MaxDepth = 0));
        return services.BuildServiceProvider();
    }

    private static SoapClientOptions Read(IServiceProvider provider, string name) => provider.GetRequiredService<IOptionsMonitor<SoapClientOptions>>().Get(name);

    [Test]
    [SetUICulture("en-US")]
    public void ValidateText_UiCultureChangedAfterRegistration_FailsInTheCultureOfTheValidation()
    {
        // A host may set its UI culture after the services are registered; the message is read when the check fails.
        using var provider = Register(o => o.ValidateText(s => s.MaxDepth > 0, "Soap.Limits"));
        var registrationCulture = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("zh-CN");
        try
        {
            var read = () => Read(provider, "legacy");

            read.Should().Throw<OptionsValidationException>().Which.Failures.Should().Equal("MaxResponseBytes 和 MaxDepth 必须大于零。");
        }
        finally
        {
            CultureInfo.CurrentUICulture = registrationCulture;
        }
    }

    [Test]
    [SetUICulture("en-US")]
    public void ValidateText_WithPlaceholders_FillsThemIn()
    {
        using var provider = Register(o => o.ValidateText(s => s.MaxDepth > 0, "Setting.Positive", nameof(SoapClientOptions.MaxDepth)));

        var read = () => Read(provider, "legacy");

        read.Should().Throw<OptionsValidationException>().Which.Failures.Should().Equal("MaxDepth must be positive.");
    }

    [Test]
    public void ValidateText_OtherOptionsName_IsNotChecked()
    {
        using var provider = Register(o => o.ValidateText(s => s.MaxDepth > 0, "Soap.Limits"));

        Read(provider, "other").MaxDepth.Should().Be(64);
    }
}
