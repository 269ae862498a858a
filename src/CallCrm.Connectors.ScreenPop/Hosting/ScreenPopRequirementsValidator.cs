using System.Collections.Generic;
using CallCrm.Connectors.Providers;
using CallCrm.Connectors.State;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CallCrm.Connectors.ScreenPop.Hosting;

/// <summary>Checks at start that what screen-pop needs and cannot default is registered: the CRM's customer lookup and a store for
/// the audit log. Without it the first ringing call would fail instead of the start.</summary>
internal sealed class ScreenPopRequirementsValidator(IServiceProviderIsService registered) : IValidateOptions<ScreenPopOptions>
{
    public ValidateOptionsResult Validate(string? name, ScreenPopOptions options)
    {
        var failures = new List<string>();
        if (!registered.IsService(typeof(ICustomerLookup)))
        {
            failures.Add(ValidationText.Get("ScreenPop.NoLookup"));
        }

        if (!registered.IsService(typeof(IConnectorStateStore)) && !registered.IsService(typeof(IAuditLogStore)))
        {
            failures.Add(ValidationText.Get("ScreenPop.NoStateStore"));
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
