using System;
using CallCrm.Connectors.Security.Audit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CallCrm.Connectors.ScreenPop.Hosting;

/// <summary>Binds the audit log that <c>AddScreenPop</c> on the CallCrm.Connectors builder registers
/// (when the application registered none) from the host's configuration, section <see cref="SectionPath"/>: the sealing key is a
/// secret no default can stand for, so it comes from where the application keeps its secrets (user secrets, environment variables,
/// a vault provider), and when it is missing <see cref="ScreenPopAuditLogValidator"/> names that setting.</summary>
internal sealed class ScreenPopAuditLogConfiguration(IServiceProvider services) : IConfigureOptions<AuditLogOptions>
{
    /// <summary>The section the Security package's documentation uses for <see cref="AuditLogOptions"/>.</summary>
    public const string SectionPath = "CallCrm:Security:Audit";

    public void Configure(AuditLogOptions options)
    {
        // The host registers its IConfiguration; a bare service collection may have none, and then only code sets the options.
        services.GetService<IConfiguration>()?.GetSection(SectionPath).Bind(options);
    }
}
