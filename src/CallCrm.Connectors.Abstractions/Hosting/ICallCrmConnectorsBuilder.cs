using Microsoft.Extensions.DependencyInjection;

namespace CallCrm.Connectors.Hosting;

/// <summary>The one builder of <c>services.AddCallCrmConnectors(...)</c>, which every package extends from its own assembly.</summary>
/// <remarks>
/// <para>The contract lives in Abstractions, the package everything references, so that a store or feature package adds its own
/// builder extensions (<c>UseSqliteStateStore</c> in <c>CallCrm.Connectors.Storage.Sqlite</c>, <c>UsePostgreSqlStateStore</c> in
/// <c>CallCrm.Connectors.Storage.PostgreSql</c>, <c>AddScreenPop</c> in <c>CallCrm.Connectors.ScreenPop</c>) and the hosting package
/// references none of them: a host ships only the packages it uses. This is OpenTelemetry .NET's model, where each exporter
/// package extends the one provider builder.</para>
/// <para>An extension registers services on <see cref="Services"/> and returns the builder it was given, typed as it was given
/// (<c>TBuilder UseMyStore&lt;TBuilder&gt;(this TBuilder builder, ...) where TBuilder : ICallCrmConnectorsBuilder</c>), so that
/// the host's own builder methods can follow it in one chain.</para>
/// </remarks>
public interface ICallCrmConnectorsBuilder
{
    /// <summary>Gets the services the builder registers into.</summary>
    IServiceCollection Services { get; }
}
