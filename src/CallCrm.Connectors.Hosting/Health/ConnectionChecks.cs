using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.Errors;
using CallCrm.Connectors.Providers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CallCrm.Connectors.Hosting.Health;

/// <summary>Runs <see cref="IConnectionCheck"/> on every provider the configured streams use (each provider once, however
/// many streams use it): the hosted service at start, and the connections health check on demand.</summary>
internal sealed class ConnectionChecks(IServiceProvider services, IOptions<CallCrmConnectorsOptions> options)
{
    public async Task<IReadOnlyList<ConnectionCheckResult>> RunAsync(CancellationToken cancellationToken)
    {
        var checks = new List<(string Role, string Provider, IConnectionCheck Check)>();
        var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
        // Named by the key the streams use, which is what the user configured (and, for the SDK's providers, their Name).
        void Add(string role, string name, IConnectorProvider? provider)
        {
            if (provider is IConnectionCheck check && seen.Add(provider))
            {
                checks.Add((role, name, check));
            }
        }

        foreach (var (_, stream) in options.Value.Streams.Where(s => s.Value.Enabled).OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            if (stream.Kind == ConnectorStreamKind.CallLog)
            {
                Add("call source", stream.Source!, services.GetKeyedService<ICallSource>(stream.Source!));
                Add("CRM sink", stream.Sink!, services.GetKeyedService<ICrmSink>(stream.Sink!));
            }
            else
            {
                Add("customer source", stream.Source!, services.GetKeyedService<ICustomerSource>(stream.Source!));
                Add("call-system sink", stream.Sink!, services.GetKeyedService<ICallSystemSink>(stream.Sink!));
            }
        }

        return await Task.WhenAll(checks.Select(c => CheckAsync(c.Role, c.Provider, c.Check, cancellationToken))).ConfigureAwait(false);
    }

    private static async Task<ConnectionCheckResult> CheckAsync(string role, string provider, IConnectionCheck check, CancellationToken cancellationToken)
    {
        try
        {
            return new ConnectionCheckResult(role, provider, await check.CheckConnectionAsync(cancellationToken).ConfigureAwait(false));
        }
#pragma warning disable CA1031 // A provider whose check breaks its contract (throws) is reported like a failed check, not allowed to hide the others.
        catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
        {
            return new ConnectionCheckResult(role, provider, (ex as ConnectorException)?.Error ?? new ConnectorError
            {
                Code = ConnectorErrorCode.Unknown,
                SystemName = provider,
                TechnicalDetail = "The connection check threw " + ex.GetType().Name + ".",
            });
        }
    }
}
