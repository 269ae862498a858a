using System;
using System.Globalization;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.Http.Diagnostics;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace CallCrm.Connectors.Http.Resilience;

/// <summary>Runs each request through a Polly pipeline: by default a total timeout, retries of transient failures
/// (honouring <c>Retry-After</c> when it fits in what is left of the total, exponential backoff with jitter otherwise)
/// and a timeout per attempt, all on the client's <see cref="TimeProvider"/>; or the pipeline a user registered under
/// <see cref="ConnectorHttpResiliencePipelines.KeyFor"/>.</summary>
internal sealed class ResilienceHandler : DelegatingHandler
{
    private static readonly ResiliencePropertyKey<long> StartedKey = new("CallCrm.Connectors.Http.Started");
    private readonly ResiliencePipeline<HttpResponseMessage> pipeline;
    private readonly TimeProvider timeProvider;

    public ResilienceHandler(ConnectorHttpClientOptions options, string systemName, TimeProvider timeProvider, ILogger logger, ConnectorHttpMetrics? metrics = null, ResiliencePipeline<HttpResponseMessage>? replacement = null)
    {
        this.timeProvider = timeProvider;
        pipeline = replacement ?? BuildDefault(options, systemName, timeProvider, logger, metrics);
    }

    /// <summary>The standard pipeline, outermost first: total timeout, retry, attempt timeout.</summary>
    private static ResiliencePipeline<HttpResponseMessage> BuildDefault(ConnectorHttpClientOptions options, string systemName, TimeProvider timeProvider, ILogger logger, ConnectorHttpMetrics? metrics)
    {
        var retry = options.Retry;
        var total = options.TotalRequestTimeout;
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = timeProvider }
            .AddTimeout(new TimeoutStrategyOptions { Timeout = total });
        if (retry.MaxRetryAttempts > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = retry.MaxRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                Delay = retry.BaseDelay,
                MaxDelay = retry.MaxDelay,
                UseJitter = retry.UseJitter,
                ShouldHandle = args => ValueTask.FromResult(
                    args.Context.Properties.TryGetValue(ConnectorHttpResiliencePipelines.RequestKey, out var request)
                    && RetryDecision.ShouldRetry(args.Outcome, request, retry, timeProvider.GetUtcNow(), Remaining(args.Context, total, timeProvider))),
                DelayGenerator = args => ValueTask.FromResult(
                    RetryDecision.VendorDelay(args.Outcome, timeProvider.GetUtcNow(), retry.UseJitter, Random.Shared.NextDouble)),
                OnRetry = args =>
                {
                    var outcome = args.Outcome.Exception is { } ex
                        ? ex.GetType().Name
                        : string.Create(CultureInfo.InvariantCulture, $"HTTP {(int)args.Outcome.Result!.StatusCode}");
                    Log.RetryScheduled(logger, systemName, args.AttemptNumber + 1, outcome, args.RetryDelay);
                    metrics?.Retry(systemName);
                    return ValueTask.CompletedTask;
                },
            });
        }

        return builder.AddTimeout(new TimeoutStrategyOptions { Timeout = options.AttemptTimeout }).Build();
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(ConnectorHttpResiliencePipelines.RequestKey, request);
        context.Properties.Set(StartedKey, timeProvider.GetTimestamp());
        try
        {
            var outcome = await pipeline.ExecuteOutcomeAsync(
                static async (ctx, state) =>
                {
                    try
                    {
                        var response = await state.Handler.SendCoreAsync(state.Request, ctx.CancellationToken).ConfigureAwait(ctx.ContinueOnCapturedContext);
                        return Outcome.FromResult(response);
                    }
                    catch (Exception ex)
                    {
                        return Outcome.FromException<HttpResponseMessage>(ex);
                    }
                },
                context,
                (Handler: this, Request: request)).ConfigureAwait(false);
            outcome.ThrowIfException();
            return outcome.Result!;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private static TimeSpan? Remaining(ResilienceContext context, TimeSpan total, TimeProvider timeProvider) =>
        context.Properties.TryGetValue(StartedKey, out var started) ? total - timeProvider.GetElapsedTime(started) : null;

    private Task<HttpResponseMessage> SendCoreAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        base.SendAsync(request, cancellationToken);
}
