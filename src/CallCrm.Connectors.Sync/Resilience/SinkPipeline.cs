using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.Errors;
using CallCrm.Connectors.Providers;
using CallCrm.Connectors.Sync.Diagnostics;
using CallCrm.Connectors.Sync.Health;
using CallCrm.Connectors.Sync.Internal;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Registry;
using Polly.Retry;
using Polly.Timeout;

namespace CallCrm.Connectors.Sync.Resilience;

/// <summary>The Polly pipeline of one sink: retry (exponential, jitter, Retry-After) around a circuit breaker around an attempt timeout,
/// or the replacement registered under <see cref="SinkResiliencePipelines.KeyFor"/>.</summary>
/// <remarks>
/// Records a sink answers with a transient outcome are retried on their own: each attempt sends only what is still
/// unconfirmed. When retries are spent, the circuit is open or the vendor asks for a wait longer than
/// <see cref="SinkResilienceOptions.MaxRetryDelay"/>, the caller gets <see cref="SinkWriteResult.Unavailable"/> and buffers
/// the rest in the outbox. A spent budget and permanent batch failures are not retried and propagate.
/// </remarks>
internal sealed class SinkPipeline
{
    private readonly ResiliencePipeline _pipeline;
    private readonly CircuitBreakerStateProvider _circuit = new();
    private readonly string _sinkName;
    private long _retries;

    private SinkPipeline(string sinkName, ResiliencePipeline replacement)
    {
        _sinkName = sinkName;
        _pipeline = replacement;
    }

    private SinkPipeline(string stream, string sinkName, SinkResilienceOptions options, TimeProvider timeProvider, ILogger logger, SyncMetrics metrics)
    {
        _sinkName = sinkName;
        var shouldHandle = new PredicateBuilder()
            .Handle<ConnectorException>(static e => e.IsTransient && !e.Code.Is(ConnectorErrorCode.BudgetExhausted))
            .Handle<TimeoutRejectedException>()
            .Handle<PartialTransientFailureException>();

        var builder = new ResiliencePipelineBuilder { TimeProvider = timeProvider, Name = sinkName };
        if (options.MaxRetryAttempts > 0)
        {
            var maxDelay = options.MaxRetryDelay;
            Func<RetryPredicateArguments<object>, ValueTask<bool>> transient = shouldHandle;
            builder.AddRetry(new RetryStrategyOptions
            {
                // A vendor that asks for a longer wait than a retry may take is not retried early (it would refuse again):
                // the records go to the outbox now, whose drain comes back later.
                ShouldHandle = args => RetryAfterOf(args.Outcome.Exception) > maxDelay ? ValueTask.FromResult(false) : transient(args),
                MaxRetryAttempts = options.MaxRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = options.UseJitter,
                Delay = options.RetryBaseDelay,
                MaxDelay = maxDelay,

                // A vendor that says when to come back knows better than our backoff curve.
                DelayGenerator = args => ValueTask.FromResult(RetryAfterOf(args.Outcome.Exception)),
                OnRetry = args =>
                {
                    Interlocked.Increment(ref _retries);
                    metrics.Retried(stream, sinkName, CodeOf(args.Outcome.Exception));
                    Log.RetryingWrite(logger, sinkName, args.AttemptNumber + 1, args.RetryDelay, CodeOf(args.Outcome.Exception));
                    return default;
                },
            });
        }

        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions
        {
            // An attempt the sink answered for some records proves the CRM reachable: only failures of the whole attempt count
            // towards an outage, so that flakiness (a record's transient outcome, retried on its own) never opens the circuit.
            ShouldHandle = new PredicateBuilder()
                .Handle<ConnectorException>(static e => e.IsTransient && !e.Code.Is(ConnectorErrorCode.BudgetExhausted))
                .Handle<TimeoutRejectedException>()
                .Handle<PartialTransientFailureException>(static e => !e.SomeAnswered),
            FailureRatio = options.BreakerFailureRatio,
            MinimumThroughput = options.BreakerMinimumThroughput,
            SamplingDuration = options.BreakerSamplingDuration,
            BreakDuration = options.BreakDuration,
            StateProvider = _circuit,
            OnOpened = args =>
            {
                Log.CircuitOpened(logger, sinkName, args.BreakDuration);
                return default;
            },
            OnClosed = _ =>
            {
                Log.CircuitClosed(logger, sinkName);
                return default;
            },
        });
        builder.AddTimeout(options.AttemptTimeout);
        _pipeline = builder.Build();
    }

    /// <summary>Creates the pipeline of one sink of a stream: the replacement registered under <paramref name="key"/> when there
    /// is one, else the default pipeline of <paramref name="options"/>, after checking that its attempt timeout is longer than the
    /// sink's request budget.</summary>
    /// <exception cref="ArgumentException">The attempt timeout is not longer than the sink's request timeout.</exception>
    public static SinkPipeline Create(
        string streamName,
        string key,
        string sinkName,
        SinkCapabilities capabilities,
        SinkResilienceOptions options,
        ResiliencePipelineProvider<string>? replacements,
        TimeProvider timeProvider,
        ILogger logger,
        SyncMetrics metrics)
    {
        if (replacements is not null && replacements.TryGetPipeline(key, out var replacement))
        {
            Log.ReplacementPipeline(logger, streamName, key);
            return new SinkPipeline(sinkName, replacement);
        }

        if (capabilities.RequestTimeout is { } budget && options.AttemptTimeout <= budget)
        {
            throw new ArgumentException(
                $"Invalid options for stream '{streamName}': Resilience.AttemptTimeout ({options.AttemptTimeout}) must be longer than the request timeout of sink " +
                $"'{sinkName}' ({budget}, its SinkCapabilities.RequestTimeout: for a connector HTTP client, ConnectorHttpClientOptions.TotalRequestTimeout), " +
                "or an engine attempt ends while the sink still retries or waits out the vendor's Retry-After. " +
                $"Raise SyncOptions.Resilience.AttemptTimeout (CallCrm:Streams:{streamName}:Sync:Resilience:AttemptTimeout) above {budget}, " +
                "or lower the sink's HTTP client TotalRequestTimeout below it.",
                nameof(options));
        }

        return new SinkPipeline(streamName, sinkName, options, timeProvider, logger, metrics);
    }

    public long Retries => Interlocked.Read(ref _retries);

    public string SinkName => _sinkName;

    public CircuitStatus Circuit => _circuit.CircuitState switch
    {
        CircuitState.Open => CircuitStatus.Open,
        CircuitState.HalfOpen => CircuitStatus.HalfOpen,
        CircuitState.Isolated => CircuitStatus.Isolated,
        _ => CircuitStatus.Closed,
    };

    public async Task<SinkWriteResult> WriteAsync<T>(
        IReadOnlyList<T> items,
        Func<T, string> keyOf,
        Func<IReadOnlyList<T>, CancellationToken, ValueTask<IReadOnlyList<RecordOutcome>>> write,
        CancellationToken cancellationToken)
    {
        var state = new WriteState<T>(_sinkName, items, keyOf, write);
        try
        {
            await _pipeline.ExecuteAsync(static (s, ct) => s.AttemptAsync(ct), state, cancellationToken).ConfigureAwait(false);
            return new SinkWriteResult(state.Outcomes, null);
        }
        catch (PartialTransientFailureException ex)
        {
            return new SinkWriteResult(state.Outcomes, ex.Error);
        }
        catch (BrokenCircuitException ex)
        {
            return new SinkWriteResult(state.Outcomes, new ConnectorError
            {
                Code = ConnectorErrorCode.ServiceUnavailable,
                IsTransient = true,
                SystemName = _sinkName,
                RetryAfter = ex.RetryAfter,
                TechnicalDetail = "The circuit breaker is open after repeated failures.",
            });
        }
        catch (TimeoutRejectedException ex)
        {
            return new SinkWriteResult(state.Outcomes, new ConnectorError
            {
                Code = ConnectorErrorCode.Timeout,
                IsTransient = true,
                SystemName = _sinkName,
                TechnicalDetail = $"Write attempt timed out after {ex.Timeout}.",
            });
        }
        catch (ConnectorException ex) when (ex.IsTransient && !ex.Code.Is(ConnectorErrorCode.BudgetExhausted))
        {
            return new SinkWriteResult(state.Outcomes, ex.Error);
        }
    }

    /// <summary>Writes like <see cref="WriteAsync{T}"/>; when the vendor refuses the whole batch for a record-level reason, finds the bad records by bisection.</summary>
    /// <remarks>A vendor that validates a batch as a unit refuses it all for one bad record. The halves are sent again, recursively, so
    /// that only the records refused on their own get a permanent failure outcome and the rest are delivered: about 2·log2(n) extra
    /// writes for one bad record in n, instead of n one-record writes. A halve that finds the sink unavailable stops the search; the
    /// records not confirmed are left without an outcome, as <see cref="WriteAsync{T}"/> does.</remarks>
    public async Task<SinkWriteResult> WriteIsolatingAsync<T>(
        IReadOnlyList<T> items,
        Func<T, string> keyOf,
        Func<IReadOnlyList<T>, CancellationToken, ValueTask<IReadOnlyList<RecordOutcome>>> write,
        CancellationToken cancellationToken)
    {
        try
        {
            return await WriteAsync(items, keyOf, write, cancellationToken).ConfigureAwait(false);
        }
        catch (ConnectorException ex) when (!ex.IsTransient && ConnectorErrorClassifier.IsRecordLevel(ex.Error))
        {
            if (items.Count == 1)
            {
                return new SinkWriteResult([RecordOutcome.Failed(keyOf(items[0]), ex.Error)], null);
            }

            var half = items.Count / 2;
            var outcomes = new RecordOutcome?[items.Count];
            var first = await WriteIsolatingAsync(Slice(items, 0, half), keyOf, write, cancellationToken).ConfigureAwait(false);
            first.Outcomes.CopyTo(outcomes, 0);
            if (first.Unavailable is not null)
            {
                return new SinkWriteResult(outcomes, first.Unavailable);
            }

            var second = await WriteIsolatingAsync(Slice(items, half, items.Count - half), keyOf, write, cancellationToken).ConfigureAwait(false);
            second.Outcomes.CopyTo(outcomes, half);
            return new SinkWriteResult(outcomes, second.Unavailable);
        }
    }

    private static List<T> Slice<T>(IReadOnlyList<T> items, int start, int count)
    {
        var slice = new List<T>(count);
        for (var i = start; i < start + count; i++)
        {
            slice.Add(items[i]);
        }

        return slice;
    }

    private static TimeSpan? RetryAfterOf(Exception? exception) => exception switch
    {
        ConnectorException ce => ce.Error.RetryAfter,
        PartialTransientFailureException pe => pe.RetryAfter,
        _ => null,
    };

    private static string CodeOf(Exception? exception) => exception switch
    {
        ConnectorException ce => ce.Code.Value,
        PartialTransientFailureException pe => pe.Error?.Code.Value ?? "PARTIAL",
        TimeoutRejectedException => ConnectorErrorCode.Timeout.Value,
        null => "NONE",
        _ => exception.GetType().Name,
    };

    private sealed class WriteState<T>(
        string sinkName,
        IReadOnlyList<T> items,
        Func<T, string> keyOf,
        Func<IReadOnlyList<T>, CancellationToken, ValueTask<IReadOnlyList<RecordOutcome>>> write)
    {
        public RecordOutcome?[] Outcomes { get; } = new RecordOutcome?[items.Count];

        public async ValueTask AttemptAsync(CancellationToken cancellationToken)
        {
            // Only what is not confirmed yet is sent again.
            var indexes = new List<int>(items.Count);
            var batch = new List<T>(items.Count);
            for (var i = 0; i < items.Count; i++)
            {
                if (Outcomes[i] is null or { Kind: RecordOutcomeKind.TransientFailure })
                {
                    indexes.Add(i);
                    batch.Add(items[i]);
                }
            }

            if (batch.Count == 0)
            {
                return;
            }

            IReadOnlyList<RecordOutcome> outcomes;
            try
            {
                outcomes = await write(batch, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not ConnectorException && !ConnectorErrorClassifier.IsCallerCancellation(ex, cancellationToken))
            {
                // A provider that let a raw HttpRequestException, IOException or timeout escape still gets the SDK's error model,
                // so that transient network failures are retried and the rest are not.
                throw ConnectorErrorClassifier.ToConnectorException(ex, sinkName);
            }
            if (outcomes.Count != batch.Count)
            {
                throw new ConnectorException(new ConnectorError
                {
                    Code = ConnectorErrorCode.MalformedResponse,
                    TechnicalDetail = $"The sink returned {outcomes.Count} outcomes for {batch.Count} records.",
                });
            }

            ConnectorError? transient = null;
            TimeSpan? retryAfter = null;
            var answered = false;
            for (var j = 0; j < outcomes.Count; j++)
            {
                var outcome = outcomes[j];
                var expectedKey = keyOf(batch[j]);
                if (!string.Equals(outcome.Key, expectedKey, StringComparison.Ordinal))
                {
                    throw new ConnectorException(new ConnectorError
                    {
                        Code = ConnectorErrorCode.MalformedResponse,
                        TechnicalDetail = "The sink returned outcomes out of batch order.",
                    });
                }

                Outcomes[indexes[j]] = outcome;
                answered |= outcome.Kind != RecordOutcomeKind.TransientFailure;
                if (outcome.Kind == RecordOutcomeKind.TransientFailure)
                {
                    transient ??= outcome.Error;
                    if (outcome.Error?.RetryAfter is { } after && (retryAfter is null || after > retryAfter))
                    {
                        retryAfter = after;
                    }
                }
            }

            if (transient is not null || Array.Exists(Outcomes, o => o is { Kind: RecordOutcomeKind.TransientFailure }))
            {
                throw new PartialTransientFailureException("Some records failed transiently.")
                {
                    RetryAfter = retryAfter,
                    Error = transient ?? new ConnectorError { Code = ConnectorErrorCode.ServiceUnavailable, IsTransient = true },
                    SomeAnswered = answered,
                };
            }
        }
    }
}
