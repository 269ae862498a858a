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
    private static readonly ProviderKind CallSource = new(typeof(ICallSource), "Kind.CallSource", "services.AddTwilioCallSource(...) or builder.AddCallSource(name, ...)");
    private static readonly ProviderKind CrmSink = new(typeof(ICrmSink), "Kind.CrmSink", "services.AddHubSpotCrm(...) or builder.AddCrmSink(name, ...)");
    private static readonly ProviderKind CustomerSource = new(typeof(ICustomerSource), "Kind.CustomerSource", "services.AddHubSpotCrm(...) or builder.AddCustomerSource(name, ...)");
    private static readonly ProviderKind CallSystemSink = new(typeof(ICallSystemSink), "Kind.CallSystemSink", "services.AddWebhookCallSystemSink(...) or builder.AddCallSystemSink(name, ...)");

    public ValidateOptionsResult Validate(string? name, CallCrmConnectorsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        foreach (var (streamName, stream) in options.Streams.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            var path = "CallCrm:Streams:" + streamName;
            var (source, sink) = stream.Kind == ConnectorStreamKind.CallLog ? (CallSource, CrmSink) : (CustomerSource, CallSystemSink);
            CheckProvider(failures, streamName, path + ":Source", stream.Source, source, "Stream.ReadsFrom");
            CheckProvider(failures, streamName, path + ":Sink", stream.Sink, sink, "Stream.WritesTo");
            foreach (var error in stream.Sync.Validate())
            {
                failures.Add(ValidationText.Format("Stream.Setting", streamName, error, path + ":Sync"));
            }

            foreach (var error in stream.Cleansing.Validate())
            {
                failures.Add(ValidationText.Format("Stream.Setting", streamName, error, path + ":Cleansing"));
            }
        }

        var health = options.Health;
        CheckOrder(failures, "OutboxDepth", health.OutboxDepthDegraded, health.OutboxDepthUnhealthy, health.OutboxDepthDegraded >= 0);
        CheckOrder(failures, "OutboxAge", health.OutboxAgeDegraded, health.OutboxAgeUnhealthy, health.OutboxAgeDegraded >= TimeSpan.Zero);
        CheckOrder(failures, "CheckpointLag", health.CheckpointLagDegraded, health.CheckpointLagUnhealthy, health.CheckpointLagDegraded >= TimeSpan.Zero);
        if (health.ConsecutiveFailuresUnhealthy < 1)
        {
            failures.Add(ValidationText.Get("Health.ConsecutiveFailures"));
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckOrder<T>(List<string> failures, string threshold, T degraded, T unhealthy, bool nonNegative)
        where T : IComparable<T>
    {
        if (!nonNegative || degraded.CompareTo(unhealthy) > 0)
        {
            failures.Add(ValidationText.Format("Health.Order", threshold, degraded, unhealthy));
        }
    }

    private void CheckProvider(List<string> failures, string stream, string setting, string? value, ProviderKind kind, string verbKey)
    {
        var registered = providers.NamesOf(kind.Type);
        var label = ValidationText.Get(kind.LabelKey);
        var known = registered.Count == 0
            ? ValidationText.Format("Stream.NoneRegistered", label)
            : ValidationText.Format("Stream.Registered", label, string.Join(", ", registered));
        if (string.IsNullOrWhiteSpace(value))
        {
            failures.Add(ValidationText.Format("Stream.NoProvider", stream, label, setting, known));
        }
        else if (!registered.Contains(value, StringComparer.Ordinal))
        {
            failures.Add(ValidationText.Format("Stream.UnknownProvider", stream, ValidationText.Get(verbKey), label, value, known, kind.HowToRegister, setting));
        }
    }

    // The label is a resource key (the kind's name in the UI culture); the registration hint is code and stays as it is.
    private sealed record ProviderKind(Type Type, string LabelKey, string HowToRegister);
}
