using CallCrm.Connectors.Security.Redaction;
using Microsoft.Extensions.Configuration;

namespace CallCrm.Connectors.Security.Tests.Redaction;

public sealed class SecretTests
{
    private sealed class ProviderOptions
    {
        public Secret? ApiKey { get; set; }
    }

    [Test]
    public void ToString_AndInterpolation_NeverShowTheValue()
    {
        var secret = new Secret("sk_live_abcdef");

        secret.ToString().Should().Be("[secret]");
        $"key {secret}".Should().Be("key [secret]");
        secret.Reveal().Should().Be("sk_live_abcdef");
    }

    [Test]
    public void Equals_ComparesValues() =>
        new Secret("a").Should().Be(new Secret("a")).And.NotBe(new Secret("b"));

    [Test]
    public void ConfigurationBinder_BindsASecretFromAString()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ApiKey"] = "from-config" })
            .Build();

        var options = configuration.Get<ProviderOptions>();

        options!.ApiKey!.Reveal().Should().Be("from-config");
    }
}
