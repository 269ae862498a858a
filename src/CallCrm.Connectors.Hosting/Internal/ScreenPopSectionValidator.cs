using System;
using System.Linq;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CallCrm.Connectors.Hosting.Internal;

/// <summary>Fails the start when the bound configuration has a <c>ScreenPop</c> section and screen-pop was not added: the ScreenPop
/// package adds it (this package does not reference it), and a configured feature that silently does not run is worse than a
/// start that says what to call.</summary>
internal sealed class ScreenPopSectionValidator(IServiceCollection services, string sectionPath) : IValidateOptions<CallCrmConnectorsOptions>
{
    // Named, not typed: referencing the ScreenPop package from here is exactly what the builder-extension model avoids.
    private const string ScreenPopServiceTypeName = "CallCrm.Connectors.ScreenPop.IScreenPopService";

    public ValidateOptionsResult Validate(string? name, CallCrmConnectorsOptions options) =>
        services.Any(d => string.Equals(d.ServiceType.FullName, ScreenPopServiceTypeName, StringComparison.Ordinal))
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"The configuration has a {sectionPath} section, but screen-pop is not added: reference the package CallCrm.Connectors.ScreenPop " +
                $"and call .AddScreenPop(configuration.GetSection(\"{sectionPath}\")) on the CallCrm.Connectors builder, or remove the section.");
}
