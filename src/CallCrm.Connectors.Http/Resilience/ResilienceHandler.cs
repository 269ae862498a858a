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

/// <summary>Runs each request through a Polly pipeline: a total timeout, retries of transient failures (honouring
/// <c>Retry-After</c>, exponential backoff with jitter otherwise) and a timeout per attempt, all on the client's
/// <see cref="TimeProvider"/>.</summary>
internal sealed class ResilienceHandler : DelegatingHandler
{
    private static readonly ResiliencePropertyKey<HttpRequestMessage> RequestKey = new("CallCrm.Connectors.Http.Request");
    private readonly ResiliencePipeline<HttpResponseMessage> pipeline;

    public ResilienceHandler(ConnectorHttpClientOptions options, string systemName, TimeProvider timeProvider, ILogger logger, ConnectorHttpMetrics? metrics = null)
    {
        var retry = options.Retry;
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = timeProvider }
            .AddTimeout(new TimeoutStrategyOptions { Timeout = options.TotalRequestTimeout });
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
                    args.Context.Properties.TryGetValue(RequestKey, out var request)
                    && RetryDecision.ShouldRetry(args.Outcome, request, retry, timeProvider.GetUtcNow())),
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

        pipeline = builder.AddTimeout(new TimeoutStrategyOptions { Timeout = options.AttemptTimeout }).Build();
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(RequestKey, request);
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

    private Task<HttpResponseMessage> SendCoreAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        base.SendAsync(request, cancellationToken);
}
