using CallCrm.Connectors.Security.Audit;
using Microsoft.Extensions.Options;

namespace CallCrm.Connectors.ScreenPop.Hosting;

/// <summary>Says, when screen-pop was added through the builder and the audit log has no sealing key, why it is needed and where to
/// set it; the Security package's own validator still checks the key's length and the other options.</summary>
internal sealed class ScreenPopAuditLogValidator : IValidateOptions<AuditLogOptions>
{
    public ValidateOptionsResult Validate(string? name, AuditLogOptions options)
    {
        if (options.SealingKey is not null && options.SealingKey.Reveal().Length > 0)
        {
            return ValidateOptionsResult.Success;
        }

        return ValidateOptionsResult.Fail(
            $"Screen-pop audits every lookup, and the audit log has no sealing key: set {ScreenPopAuditLogConfiguration.SectionPath}:SealingKey " +
            "(at least 32 characters, kept in a secret store: user secrets, an environment variable CallCrm__Security__Audit__SealingKey, " +
            "a vault) or register the audit log yourself with services.AddCallCrmAuditLog(o => o.SealingKey = ...). " +
            "No key is made up: whoever holds it can rewrite the audit log.");
    }
}
