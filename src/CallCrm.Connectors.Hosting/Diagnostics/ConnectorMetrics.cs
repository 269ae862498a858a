using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Threading.Tasks;
using CallCrm.Connectors.Diagnostics;
using CallCrm.Connectors.Providers;

namespace CallCrm.Connectors.Hosting.Diagnostics;

/// <summary>
/// The hosting package's instruments, on the meter <see cref="CallCrmTelemetry.MeterNames.Hosting"/>, and its spans, on the
/// activity source <see cref="CallCrmTelemetry.ActivitySourceNames.Hosting"/>: each sink call as the provider saw it (duration,
/// records it refused, by <c>error.type</c>). What the engine decided about each record (read, written, unchanged, buffered,
/// dead-lettered), retries and the outbox, circuit and checkpoint gauges are the engine's, on <see cref="CallCrmTelemetry.MeterNames.Sync"/>.
/// </summary>
internal sealed class ConnectorMetrics : IDisposable
{
    // Static: ActivitySource has no factory, and listeners select it by name.
    private static readonly ActivitySource Activities = new(CallCrmTelemetry.ActivitySourceNames.Hosting, typeof(ConnectorMetrics).Assembly.GetName().Version?.ToString(3));

    private readonly PackageMeter _meter;
    private readonly Counter<long> _failed;
    private readonly Histogram<double> _sinkDuration;

    public ConnectorMetrics(IMeterFactory? meterFactory)
    {
        _meter = new PackageMeter(CallCrmTelemetry.MeterNames.Hosting, meterFactory);
        _failed = _meter.Meter.CreateCounter<long>("callcrm.sink.records.failed", "{record}", "Records a sink call refused or could not take, by error.type (retried ones included).");
        _sinkDuration = _meter.Meter.CreateHistogram<double>(
            "callcrm.sink.duration",
            "s",
            "Duration of one sink call; calls that threw carry error.type, so the error rate is their share of the count.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, 30] });
    }

    public async ValueTask<IReadOnlyList<RecordOutcome>> MeasureWriteAsync(string stream, IConnectorProvider sink, int count, Func<ValueTask<IReadOnlyList<RecordOutcome>>> write)
    {
        using var activity = Activities.StartActivity("callcrm.sink.write", ActivityKind.Client);
        activity?.SetTag(CallCrmTelemetry.Attributes.Stream, stream);
        activity?.SetTag(CallCrmTelemetry.Attributes.Provider, sink.Name);
        activity?.SetTag(CallCrmTelemetry.Attributes.BatchSize, count);
        var started = Stopwatch.GetTimestamp();
        string? errorType = null;
        try
        {
            var outcomes = await write().ConfigureAwait(false);
            foreach (var outcome in outcomes)
            {
                if (outcome.Kind is RecordOutcomeKind.TransientFailure or RecordOutcomeKind.PermanentFailure)
                {
                    _failed.Add(1, Stream(stream), Provider(sink), ErrorType(outcome.Error?.Code.Value ?? "unknown"));
                }
            }

            return outcomes;
        }
        catch (Exception ex)
        {
            errorType = ex is Errors.ConnectorException connector ? connector.Code.Value : ex.GetType().FullName ?? ex.GetType().Name;
            _failed.Add(count, Stream(stream), Provider(sink), ErrorType(errorType));
            activity?.SetTag(CallCrmTelemetry.Attributes.ErrorType, errorType);
            activity?.SetStatus(ActivityStatusCode.Error, errorType);
            throw;
        }
        finally
        {
            // Duration is measured on the monotonic clock: it is telemetry, not a decision the tests drive.
            var tags = new TagList { Stream(stream), Provider(sink) };
            if (errorType is not null)
            {
                tags.Add(ErrorType(errorType));
            }

            _sinkDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
        }
    }

    public void Dispose() => _meter.Dispose();

    private static KeyValuePair<string, object?> Stream(string stream) => new(CallCrmTelemetry.Attributes.Stream, stream);

    private static KeyValuePair<string, object?> Provider(IConnectorProvider sink) => new(CallCrmTelemetry.Attributes.Provider, sink.Name);

    private static KeyValuePair<string, object?> ErrorType(string errorType) => new(CallCrmTelemetry.Attributes.ErrorType, errorType);
}
