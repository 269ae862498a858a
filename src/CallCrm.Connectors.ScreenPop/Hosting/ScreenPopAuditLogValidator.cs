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

        return ValidateOptionsResult.Fail(ValidationText.Format("ScreenPop.NoSealingKey", ScreenPopAuditLogConfiguration.SectionPath));
    }
}
