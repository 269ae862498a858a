// CallCrm.Connectors quick start: Twilio calls -> HubSpot, HubSpot tags -> the call system, and a screen-pop card,
// against the vendor simulator on 127.0.0.1, with state in a SQLite file.
// Run with: dotnet run --project samples/QuickStart [-- --calls 3000 --state callcrm-quickstart.db --outage --simulator-url http://127.0.0.1:5080]
using System.Globalization;
using System.Security.Claims;
using CallCrm.Connectors.Errors;
using CallCrm.Connectors.Hosting;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Providers;
using CallCrm.Connectors.QuickStart;
using CallCrm.Connectors.ScreenPop;
using CallCrm.Connectors.Security.Access;
using CallCrm.Connectors.Security.Audit;
using CallCrm.Connectors.Sync;
using CallCrm.Connectors.VendorSimulator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NodaTime;

QuickStartArguments arguments;
try
{
    arguments = QuickStartArguments.Parse(args);
}
catch (ArgumentException e)
{
    await Console.Error.WriteLineAsync("QuickStart: " + e.Message);
    return 2;
}

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};
var ct = cancellation.Token;

try
{
    await using var simulator = arguments.SimulatorUrl is null ? await StartSimulatorAsync(arguments, ct) : null;
    var simulatorUrl = arguments.SimulatorUrl ?? simulator!.BaseAddress;
    using var admin = new SimulatorClient(simulatorUrl);
    var (sourceCalls, heldCalls, _) = await admin.GetStateAsync(ct);
    Console.WriteLine($"Vendor simulator: {simulatorUrl} ({(simulator is null ? "external" : "in-process")}, {sourceCalls} Twilio calls)");
    Console.WriteLine($"State file:       {arguments.StatePath}");
    Console.WriteLine();

    using var host = QuickStartHost.Build(simulatorUrl, arguments.StatePath, arguments.Outage);
    await host.StartAsync(ct);
    var streams = host.Services.GetRequiredService<ConnectorStreams>();
    await streams.InitializeAsync(ct);

    var reports = new List<SyncRunReport>();
    var calls = streams.GetCallLogStream(QuickStartHost.CallStream);
    if (arguments.Outage)
    {
        // The simulator takes HubSpot down itself once a third of the calls are in, so the outage lands mid-run on any machine.
        await admin.SetHubSpotOutageAfterAsync(heldCalls + Math.Max(1, sourceCalls / 3), ct);
    }

    reports.Add(await calls.RunOnceAsync(ConsoleView.ProgressBar("Calls -> HubSpot", sourceCalls), ct));
    ConsoleView.EndProgress();

    if (arguments.Outage)
    {
        if (reports[0].Buffered == 0)
        {
            await Console.Error.WriteLineAsync("QuickStart failed: the run ended before the outage could start; use --outage with more --calls or a fresh --state.");
            return 1;
        }

        Console.WriteLine($"HubSpot went down mid-run: {reports[0].Buffered} calls were kept in the durable outbox while reading went on.");
        await admin.SetHubSpotOutageAsync(false, ct);
        Console.WriteLine("HubSpot is back: replaying the outbox, oldest first...");
        reports.Add(await ReplayAsync(calls, ct));
    }

    reports.Add(await streams.GetTagStream(QuickStartHost.TagStream).RunOnceAsync(ConsoleView.ProgressBar("Tags -> call system", 0), ct));
    ConsoleView.EndProgress();

    var health = await streams.GetHealthAsync(ct);
    ConsoleView.Summary(reports, health.Sum(h => h.DeadLetters));
    var (_, crmCalls, duplicates) = await admin.GetStateAsync(ct);
    Console.WriteLine(simulator is null
        ? $"HubSpot holds {crmCalls} calls ({duplicates} duplicates); outbox: {health.Sum(h => h.OutboxDepth)}."
        : $"HubSpot received {crmCalls} calls this run ({duplicates} duplicates; the in-process simulator starts empty each run); outbox: {health.Sum(h => h.OutboxDepth)}.");
    if (reports[0].Read < sourceCalls)
    {
        // The checkpoint stops before the first call still in progress, so those (and the look-back) are read again;
        // the ledger recognises what was sent, and only calls that changed since (not final yet) go out again, as updates.
        Console.WriteLine($"Incremental run: resumed from the checkpoint in the state file; {reports[0].Read} calls re-read, "
            + $"{reports[0].Unchanged} recognised as already sent, {reports[0].Written} sent again because they changed (calls not final yet).");
    }

    await ShowScreenPopAsync(host.Services, ct);
    await host.StopAsync(CancellationToken.None);

    var left = health.Sum(h => h.OutboxDepth);
    if (left > 0)
    {
        await Console.Error.WriteLineAsync($"QuickStart failed: {left} calls are still buffered; run again to replay them.");
        return 1;
    }

    return 0;
}
catch (OperationCanceledException) when (ct.IsCancellationRequested)
{
    await Console.Error.WriteLineAsync("QuickStart stopped: cancelled. Committed progress is kept; run again with the same --state to finish.");
    return 130;
}
catch (ConnectorException e)
{
    await Console.Error.WriteLineAsync("QuickStart failed: " + e.UserMessage);
    return 1;
}
catch (OptionsValidationException e)
{
    await Console.Error.WriteLineAsync("QuickStart failed: " + e.Failures.First());
    return 1;
}
catch (Exception e) when (e is HttpRequestException or IOException or InvalidOperationException or TimeoutException)
{
    await Console.Error.WriteLineAsync("QuickStart failed: " + e.Message.ReplaceLineEndings(" "));
    return 1;
}

// The in-process simulator seeds the same calls for the same state file: its anchor is kept next to the state,
// so a second run sees the same calls and shows the incremental path. Its HubSpot data lives in memory only.
static async Task<VendorSimulatorHost> StartSimulatorAsync(QuickStartArguments arguments, CancellationToken cancellationToken)
{
    var anchorPath = arguments.StatePath + ".simulator-anchor";
    DateTimeOffset anchor;
    if (File.Exists(anchorPath))
    {
        anchor = DateTimeOffset.Parse(await File.ReadAllTextAsync(anchorPath, cancellationToken), CultureInfo.InvariantCulture);
    }
    else
    {
        var now = TimeProvider.System.GetUtcNow();
        anchor = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero);
        Directory.CreateDirectory(Path.GetDirectoryName(anchorPath)!);
        await File.WriteAllTextAsync(anchorPath, anchor.ToString("O", CultureInfo.InvariantCulture), cancellationToken);
    }

    return await VendorSimulatorHost.StartAsync(new SimulatorOptions { Port = 0, Calls = arguments.Calls, Seed = 42, SeedAnchor = anchor }, cancellationToken);
}

// Runs until the outbox is empty: each run drains it first (the circuit may need a moment to close again).
static async Task<SyncRunReport> ReplayAsync(CallLogSync calls, CancellationToken cancellationToken)
{
    for (var attempt = 0; ; attempt++)
    {
        var report = await calls.RunOnceAsync(cancellationToken: cancellationToken);
        if ((await calls.GetHealthAsync(cancellationToken)).OutboxDepth == 0 || attempt == 20)
        {
            return report with { Stream = QuickStartHost.CallStream + " (replay)" };
        }

        await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
    }
}

// The card an agent sees when a known customer calls: through the screen-pop service, as the Agent role (contact details
// masked, recordings hidden), with the lookup written to the tamper-evident audit log before the card is shown.
static async Task ShowScreenPopAsync(IServiceProvider services, CancellationToken cancellationToken)
{
    var caller = await FrequentKnownCallerAsync(services, cancellationToken);
    if (caller is null)
    {
        Console.WriteLine("No call from a known customer to show a screen-pop card for.");
        return;
    }

    var agent = new ClaimsPrincipal(new ClaimsIdentity(
        [new Claim(ClaimTypes.Name, "quickstart-agent"), new Claim(ClaimTypes.Role, CustomerDataRoles.Agent)],
        authenticationType: "QuickStart"));
    var card = await services.GetRequiredService<IScreenPopService>().LookupAsync(caller.E164, agent, cancellationToken);
    ConsoleView.ScreenPop(caller, card);
    // Screen-pop audits are buffered (committed within 100 ms or on stop): flush so that the check sees this lookup.
    var auditLog = services.GetRequiredService<IAuditLog>();
    await auditLog.FlushAsync(cancellationToken);
    var audit = await auditLog.VerifyAsync(cancellationToken);
    Console.WriteLine(audit.IsValid
        ? $"Audit log: the lookup is recorded ({audit.EntriesVerified} {(audit.EntriesVerified == 1 ? "entry" : "entries")} in the state file, chain verified)."
        : $"Audit log: verification failed: {audit.Message}");
}

// The Twilio caller with the most ended inbound calls among numbers exactly one HubSpot contact holds (the latest such call
// breaks ties): the sync has written that customer's calls to HubSpot, so the card has a call history to show.
static async Task<PhoneNumber?> FrequentKnownCallerAsync(IServiceProvider services, CancellationToken cancellationToken)
{
    var holders = new Dictionary<string, int>(StringComparer.Ordinal);
    await foreach (var change in services.GetRequiredKeyedService<ICustomerSource>("hubspot").ReadAsync(new ReadRequest(null, PageSize: 200), cancellationToken))
    {
        foreach (var e164 in change.Item.Customer.PhoneNumbers.Select(p => p.E164).OfType<string>().Distinct())
        {
            holders[e164] = holders.GetValueOrDefault(e164) + 1;
        }
    }

    var calls = new List<CallRecord>();
    await foreach (var item in services.GetRequiredKeyedService<ICallSource>("twilio").ReadAsync(new ReadRequest(null, PageSize: 1000), cancellationToken))
    {
        if (item.Item is { Direction: CallDirection.Inbound, IsFinal: true, From.E164: { } from } call && holders.GetValueOrDefault(from) == 1)
        {
            calls.Add(call);
        }
    }

    return calls
        .GroupBy(c => c.From.E164!, StringComparer.Ordinal)
        .OrderByDescending(g => g.Count())
        .ThenByDescending(g => g.Max(c => c.StartedAt))
        .Select(g => g.First().From)
        .FirstOrDefault();
}
