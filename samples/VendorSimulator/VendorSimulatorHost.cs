using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.VendorSimulator.Admin;
using CallCrm.Connectors.VendorSimulator.CallSystem;
using CallCrm.Connectors.VendorSimulator.Faults;
using CallCrm.Connectors.VendorSimulator.HubSpot;
using CallCrm.Connectors.VendorSimulator.Twilio;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CallCrm.Connectors.VendorSimulator;

/// <summary>
/// A running simulator: Twilio, HubSpot and a tag-receiving call system on one Kestrel server bound to 127.0.0.1.
/// Start it in-process with <see cref="StartAsync(SimulatorOptions, CancellationToken)"/>; stop it with <see cref="DisposeAsync"/>.
/// </summary>
public sealed class VendorSimulatorHost : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly SimulatorRuntime runtime;

    private VendorSimulatorHost(WebApplication app, SimulatorRuntime runtime, Uri baseAddress)
    {
        this.app = app;
        this.runtime = runtime;
        BaseAddress = baseAddress;
    }

    /// <summary>Gets the base address, e.g. <c>http://127.0.0.1:5080/</c> (always ends with a slash).</summary>
    public Uri BaseAddress { get; }

    /// <summary>Gets the options the simulator runs with.</summary>
    public SimulatorOptions Options => runtime.Options;

    /// <summary>Gets the instant the seeded data was generated back from.</summary>
    public DateTimeOffset SeedAnchor => runtime.SeedAnchor;

    /// <summary>Adds HubSpot tickets associated with a contact, as agents working in HubSpot would open them: for tests that need
    /// more history than the seed gives (a contact with more tickets than one association page holds).</summary>
    /// <param name="contactId">The HubSpot id of an existing contact.</param>
    /// <param name="createdAt">When each ticket was created; one ticket per instant.</param>
    /// <returns>The ids of the new tickets, in the order given.</returns>
    /// <exception cref="ArgumentException">No contact has <paramref name="contactId"/>.</exception>
    public IReadOnlyList<string> AddHubSpotTickets(string contactId, IEnumerable<DateTimeOffset> createdAt)
    {
        ArgumentNullException.ThrowIfNull(createdAt);
        var store = runtime.HubSpot;
        lock (store.Gate)
        {
            var contact = store.Get(HubSpotObjectTypes.Contacts, contactId) ?? throw new ArgumentException($"No HubSpot contact has id {contactId}.", nameof(contactId));
            var ids = new List<string>();
            foreach (var created in createdAt)
            {
                var ticket = store.AddTicket(contact, "Ticket " + (ids.Count + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), "Added by a test.", "1", "LOW", created);
                ids.Add(ticket.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            return ids;
        }
    }

    /// <summary>Starts a simulator, seeds its data and returns once it accepts connections.</summary>
    /// <param name="options">The options; <see cref="SimulatorOptions.Port"/> 0 picks a free port.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running simulator.</returns>
    public static Task<VendorSimulatorHost> StartAsync(SimulatorOptions options, CancellationToken cancellationToken = default) =>
        StartAsync(options, configureLogging: null, cancellationToken);

    /// <summary>Starts a simulator with custom logging (the command line logs to the console; in-process use logs nothing by default).</summary>
    /// <param name="options">The options; <see cref="SimulatorOptions.Port"/> 0 picks a free port.</param>
    /// <param name="configureLogging">Configures logging, or <see langword="null"/> for none.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running simulator.</returns>
    public static async Task<VendorSimulatorHost> StartAsync(SimulatorOptions options, Action<ILoggingBuilder>? configureLogging, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var runtime = new SimulatorRuntime(options);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(VendorSimulatorHost).Assembly.GetName().Name });
        builder.Logging.ClearProviders();
        configureLogging?.Invoke(builder.Logging);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, options.Port));
        builder.Services.AddSingleton(runtime);
        builder.Services.AddRoutingCore();

        var app = builder.Build();
        app.UseMiddleware<FaultMiddleware>();
        app.UseRouting();
        TwilioApi.Map(app);
        HubSpotApi.Map(app);
        CallSystemApi.Map(app);
        AdminApi.Map(app);

        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new VendorSimulatorHost(app, runtime, new Uri(address.TrimEnd('/') + "/"));
    }

    /// <summary>Returns the same counts as <c>GET /_sim/state</c>, without HTTP.</summary>
    /// <returns>The current state.</returns>
    public SimulatorState GetState() => runtime.Snapshot();

    /// <summary>Gets the status callbacks' counts: POSTs made, callbacks answered 2xx, retries, duplicates sent, callbacks
    /// held back to arrive out of order, callbacks given up; all zero without a callback URL.</summary>
    /// <returns>The counts.</returns>
    public (long Sent, long Delivered, long Retries, long Duplicates, long Reordered, long Abandoned) GetStatusCallbackCounts() =>
        runtime.Callbacks?.Counts ?? default;

    /// <summary>Waits until the status callbacks in flight are delivered or given up, for at most <paramref name="timeout"/>.</summary>
    /// <param name="timeout">The longest wait.</param>
    /// <returns>A task that completes when none is in flight, or the timeout passed.</returns>
    public Task DrainStatusCallbacksAsync(TimeSpan timeout) => runtime.Callbacks?.DrainAsync(timeout) ?? Task.CompletedTask;

    /// <summary>Replaces the fault settings (the same as <c>POST /_sim/faults</c>, without HTTP).</summary>
    /// <param name="configure">Returns the new settings from the current ones.</param>
    public void ConfigureFaults(Func<FaultSettings, FaultSettings> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        runtime.Faults.Set(configure(runtime.Faults.Current));
    }

    /// <summary>Stops the server; hanging requests are released.</summary>
    /// <returns>A task that completes when the server has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        if (runtime.Callbacks is { } callbacks)
        {
            await callbacks.DisposeAsync();
        }

        await app.StopAsync();
        await app.DisposeAsync();
    }

    /// <summary>Waits until the process is asked to stop (Ctrl+C, SIGTERM).</summary>
    /// <returns>A task that completes when the server stops.</returns>
    public Task WaitForShutdownAsync() => Microsoft.Extensions.Hosting.HostingAbstractionsHostExtensions.WaitForShutdownAsync(app);
}
