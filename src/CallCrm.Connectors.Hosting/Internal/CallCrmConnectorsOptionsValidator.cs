using System;
using System.Collections.Generic;
using System.Linq;
using CallCrm.Connectors.Providers;
using Microsoft.Extensions.Options;

namespace CallCrm.Connectors.Hosting.Internal;

/// <summary>Checks at start that every stream names registered providers of the right kind and has valid engine options,
/// and that the health thresholds are ordered; each failure says which setting and how to fix it.</summary>
internal sealed class CallCrmConnectorsOptionsValidator(RegisteredProviders providers) : IValidateOptions<CallCrmConnectorsOptions>
{
    private static readonly ProviderKind CallSource = new(typeof(ICallSource), "call source", "services.AddTwilioCallSource(...) or builder.AddCallSource(name, ...)");
    private static readonly ProviderKind CrmSink = new(typeof(ICrmSink), "CRM sink", "services.AddHubSpotCrm(...) or builder.AddCrmSink(name, ...)");
    private static readonly ProviderKind CustomerSource = new(typeof(ICustomerSource), "customer source", "services.AddHubSpotCrm(...) or builder.AddCustomerSource(name, ...)");
    private static readonly ProviderKind CallSystemSink = new(typeof(ICallSystemSink), "call-system sink", "services.AddWebhookCallSystemSink(...) or builder.AddCallSystemSink(name, ...)");

    public ValidateOptionsResult Validate(string? name, CallCrmConnectorsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        foreach (var (streamName, stream) in options.Streams.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            var path = "CallCrm:Streams:" + streamName;
            var (source, sink) = stream.Kind == ConnectorStreamKind.CallLog ? (CallSource, CrmSink) : (CustomerSource, CallSystemSink);
            CheckProvider(failures, streamName, path + ":Source", stream.Source, source, "reads from");
            CheckProvider(failures, streamName, path + ":Sink", stream.Sink, sink, "writes to");
            foreach (var error in stream.Sync.Validate())
            {
                failures.Add($"Stream '{streamName}': {error} Fix {path}:Sync.");
            }

            foreach (var error in stream.Cleansing.Validate())
            {
                failures.Add($"Stream '{streamName}': {error} Fix {path}:Cleansing.");
            }
        }

        var health = options.Health;
        CheckOrder(failures, "OutboxDepth", health.OutboxDepthDegraded, health.OutboxDepthUnhealthy, health.OutboxDepthDegraded >= 0);
        CheckOrder(failures, "OutboxAge", health.OutboxAgeDegraded, health.OutboxAgeUnhealthy, health.OutboxAgeDegraded >= TimeSpan.Zero);
        CheckOrder(failures, "CheckpointLag", health.CheckpointLagDegraded, health.CheckpointLagUnhealthy, health.CheckpointLagDegraded >= TimeSpan.Zero);
        if (health.ConsecutiveFailuresUnhealthy < 1)
        {
            failures.Add("CallCrm:Health:ConsecutiveFailuresUnhealthy must be at least 1.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckOrder<T>(List<string> failures, string threshold, T degraded, T unhealthy, bool nonNegative)
        where T : IComparable<T>
    {
        if (!nonNegative || degraded.CompareTo(unhealthy) > 0)
        {
            failures.Add($"CallCrm:Health:{threshold}Degraded ({degraded}) must not be negative nor above {threshold}Unhealthy ({unhealthy}).");
        }
    }

    private void CheckProvider(List<string> failures, string stream, string setting, string? value, ProviderKind kind, string verb)
    {
        var registered = providers.NamesOf(kind.Type);
        var known = registered.Count == 0 ? $"No {kind.Label} is registered at all" : $"Registered {kind.Label}s: {string.Join(", ", registered)}";
        if (string.IsNullOrWhiteSpace(value))
        {
            failures.Add($"Stream '{stream}' has no {kind.Label}: set {setting} to the name of a registered {kind.Label}. {known}.");
        }
        else if (!registered.Contains(value, StringComparer.Ordinal))
        {
            failures.Add($"Stream '{stream}' {verb} {kind.Label} '{value}', but no {kind.Label} of that name is registered. {known}. " +
                $"Register it before the host starts ({kind.HowToRegister}) or fix {setting}.");
        }
    }

    private sealed record ProviderKind(Type Type, string Label, string HowToRegister);
}
