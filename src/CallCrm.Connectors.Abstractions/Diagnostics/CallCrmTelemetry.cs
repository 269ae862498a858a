using System.Collections.Generic;

namespace CallCrm.Connectors.Diagnostics;

/// <summary>
/// The names to subscribe to for the SDK's metrics and traces, and the attribute keys its instruments carry. Every package
/// has its own <see cref="System.Diagnostics.Metrics.Meter"/> (and, where it traces, its own
/// <see cref="System.Diagnostics.ActivitySource"/>) named after the package, as OpenTelemetry .NET libraries do.
/// </summary>
/// <remarks>
/// <para>Subscribe to all of them with <c>AddMeter([.. CallCrmTelemetry.MeterNames.All])</c> and
/// <c>AddSource([.. CallCrmTelemetry.ActivitySourceNames.All])</c>, or with OpenTelemetry's wildcard <c>CallCrm.Connectors.*</c>.
/// A test fails when a package creates a meter or activity source that is not listed here.</para>
/// <para>Attributes follow OpenTelemetry's semantic conventions where one exists (<c>error.type</c>) and use the
/// <c>callcrm.</c> namespace otherwise, with one key per dimension across every instrument (<see cref="Attributes"/>).</para>
/// </remarks>
public static class CallCrmTelemetry
{
    /// <summary>The meter names, one per package that reports metrics.</summary>
    public static class MeterNames
    {
        /// <summary>The sync engine: records read and settled, retries, batches, runs, outbox, circuit and checkpoint gauges.</summary>
        public const string Sync = "CallCrm.Connectors.Sync";

        /// <summary>The hosting package: duration and failures of each sink call at the provider boundary.</summary>
        public const string Hosting = "CallCrm.Connectors.Hosting";

        /// <summary>The HTTP pipeline: failures, retries, rate-limit waits and pauses, OAuth token requests.</summary>
        public const string Http = "CallCrm.Connectors.Http";

        /// <summary>Screen-pop lookups, by how the card was served.</summary>
        public const string ScreenPop = "CallCrm.Connectors.ScreenPop";

        /// <summary>The hash-chained audit log: queue depth and group commits.</summary>
        public const string Security = "CallCrm.Connectors.Security";

        /// <summary>The webhook call-system sink: pushes and their answer time.</summary>
        public const string Webhooks = "CallCrm.Connectors.Webhooks";

        /// <summary>Gets every meter name the SDK's packages create.</summary>
        public static IReadOnlyList<string> All { get; } = [Sync, Hosting, Http, ScreenPop, Security, Webhooks];
    }

    /// <summary>The activity source names, one per package that traces.</summary>
    public static class ActivitySourceNames
    {
        /// <summary>The sync engine: <c>callcrm.sync.run</c> and <c>callcrm.sync.batch</c> spans.</summary>
        public const string Sync = "CallCrm.Connectors.Sync";

        /// <summary>The hosting package: a <c>callcrm.sink.write</c> client span around each sink call.</summary>
        public const string Hosting = "CallCrm.Connectors.Hosting";

        /// <summary>Gets every activity source name the SDK's packages create.</summary>
        public static IReadOnlyList<string> All { get; } = [Sync, Hosting];
    }

    /// <summary>The attribute keys of the SDK's instruments and spans: one key per dimension.</summary>
    public static class Attributes
    {
        /// <summary>The stream's name (as configured).</summary>
        public const string Stream = "callcrm.stream";

        /// <summary>The provider's registered name (a source or sink, for example <c>hubspot</c>).</summary>
        public const string Provider = "callcrm.provider";

        /// <summary>The vendor system an HTTP client calls (<c>ConnectorHttpClientOptions.SystemName</c>).</summary>
        public const string System = "callcrm.system";

        /// <summary>How an operation ended; each instrument documents its values (for example <c>written</c>, <c>completed</c>).</summary>
        public const string Outcome = "callcrm.outcome";

        /// <summary>Why the HTTP pipeline paused every request (<c>429</c>, <c>retry-after</c>, <c>remaining</c>).</summary>
        public const string RateLimitReason = "callcrm.rate_limit.reason";

        /// <summary>How a screen-pop card was served (<c>hit</c>, <c>stale</c>, <c>miss</c>, ...).</summary>
        public const string ScreenPopSource = "callcrm.screenpop.source";

        /// <summary>The run's id, as in <c>SyncRunReport.RunId</c> (spans only).</summary>
        public const string RunId = "callcrm.run_id";

        /// <summary>How many records one batch or sink call carried (spans only).</summary>
        public const string BatchSize = "callcrm.batch.size";

        /// <summary>OpenTelemetry's <c>error.type</c>: the SDK's error code (<c>ConnectorErrorCode</c>) or, for any other
        /// exception, its full type name. Present only on failures.</summary>
        public const string ErrorType = "error.type";
    }
}
