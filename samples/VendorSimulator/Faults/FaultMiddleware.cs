using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.VendorSimulator.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;

namespace CallCrm.Connectors.VendorSimulator.Faults;

/// <summary>
/// Counts vendor requests and injects the configured faults before (or, for lost responses, after) the vendor
/// endpoint runs. Admin endpoints (<c>/_sim/...</c>) are never faulted nor counted.
/// </summary>
internal sealed class FaultMiddleware
{
    private readonly RequestDelegate next;
    private readonly SimulatorRuntime runtime;
    private readonly IHostApplicationLifetime lifetime;

    public FaultMiddleware(RequestDelegate next, SimulatorRuntime runtime, IHostApplicationLifetime lifetime)
    {
        this.next = next;
        this.runtime = runtime;
        this.lifetime = lifetime;
    }

    public static SimulatedVendor? VendorOf(PathString path) =>
        path.StartsWithSegments("/2010-04-01", StringComparison.Ordinal) ? SimulatedVendor.Twilio
        : path.StartsWithSegments("/crm", StringComparison.Ordinal) ? SimulatedVendor.HubSpot
        : path.StartsWithSegments("/callsystem", StringComparison.Ordinal) ? SimulatedVendor.CallSystem
        : null;

    public async Task InvokeAsync(HttpContext context)
    {
        if (VendorOf(context.Request.Path) is not { } vendor)
        {
            await next(context);
            return;
        }

        runtime.Counters.Request();
        if (vendor != SimulatedVendor.Twilio)
        {
            if (vendor == SimulatedVendor.HubSpot)
            {
                TripOutageTrigger();
            }

            await InvokeVendorAsync(context, vendor);
            return;
        }

        // Twilio limits concurrent requests: a request counts from arrival to answer, injected latency included.
        Interlocked.Increment(ref runtime.TwilioInFlight);
        try
        {
            await InvokeVendorAsync(context, vendor);
        }
        finally
        {
            Interlocked.Decrement(ref runtime.TwilioInFlight);
        }
    }

    private async Task InvokeVendorAsync(HttpContext context, SimulatedVendor vendor)
    {
        var faults = runtime.Faults.Current.For(vendor);
        using var aborted = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        try
        {
            if (faults.LatencyMs > 0)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(faults.LatencyMs), runtime.TimeProvider, aborted.Token);
            }

            if (faults.IsOutageAt(runtime.TimeProvider.GetUtcNow()))
            {
                runtime.Counters.OutageRejected();
                if (faults.OutageMode == OutageMode.DropConnection)
                {
                    context.Abort();
                }
                else
                {
                    await VendorErrors.ServerErrorAsync(context, vendor, StatusCodes.Status503ServiceUnavailable);
                }

                return;
            }

            // One draw per vendor request, whatever the rates, so a seed gives the same decisions for the same traffic.
            var roll = runtime.FaultRandom.NextDouble();
            if (roll < faults.DropRate)
            {
                runtime.Counters.DropInjected();
                context.Abort();
                return;
            }

            roll -= faults.DropRate;
            if (roll < faults.TimeoutRate)
            {
                runtime.Counters.TimeoutInjected();
                await Task.Delay(Timeout.InfiniteTimeSpan, runtime.TimeProvider, aborted.Token);
                return;
            }

            roll -= faults.TimeoutRate;
            if (roll < faults.ErrorRate)
            {
                runtime.Counters.ErrorInjected();
                var status = runtime.FaultRandom.Next(2) == 0 ? StatusCodes.Status500InternalServerError : StatusCodes.Status503ServiceUnavailable;
                await VendorErrors.ServerErrorAsync(context, vendor, status);
                return;
            }

            roll -= faults.ErrorRate;
            if (roll < faults.LostResponseRate && IsWrite(context.Request.Method))
            {
                await RunAndLoseResponseAsync(context);
                return;
            }
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The client gave up (or the simulator is stopping) while the request hung: nothing left to answer.
            context.Abort();
            return;
        }

        await next(context);
    }

    private void TripOutageTrigger()
    {
        var settings = runtime.Faults.Current;
        if (settings.HubSpotOutageAfterCalls is not { } threshold)
        {
            return;
        }

        int stored;
        lock (runtime.HubSpot.Gate)
        {
            stored = runtime.HubSpot.Count(HubSpot.HubSpotObjectTypes.Calls);
        }

        if (stored >= threshold)
        {
            // Latched: the trigger is cleared, so switching the outage off again (POST /_sim/faults) ends it for good.
            runtime.Faults.TrySwap(settings, settings.With(SimulatedVendor.HubSpot, settings.HubSpot with { Outage = true }) with { HubSpotOutageAfterCalls = null });
        }
    }

    private static bool IsWrite(string method) =>
        HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsPatch(method) || HttpMethods.IsDelete(method);

    private async Task RunAndLoseResponseAsync(HttpContext context)
    {
        // The handler runs and its writes are applied, but its response goes into a buffer that is thrown away and the
        // connection is aborted: exactly a response lost on the way back, so the client retries a write that happened.
        var original = context.Response.Body;
        await using var sink = new MemoryStream();
        context.Response.Body = sink;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = original;
        }

        runtime.Counters.ResponseLost();
        context.Abort();
    }
}
