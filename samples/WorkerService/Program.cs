// CallCrm.Connectors as a worker: every setting comes from appsettings.json (override any of them with environment
// variables such as CallCrm__HubSpot__AccessToken, or with user secrets). It points at the vendor simulator:
//   dotnet run --project samples/VendorSimulator -- --port 5080
//   dotnet run --project samples/WorkerService
// Run once instead of continuously (a scheduled job): dotnet run --project samples/WorkerService -- --CallCrm:RunStreams=false
// See README.md.
using CallCrm.Connectors.Hosting;
using CallCrm.Connectors.WorkerService;
using Microsoft.Extensions.Diagnostics.HealthChecks;

// appsettings.json is read from the program's folder, so the worker starts the same from any working folder. A web host, so
// that Twilio can push status callbacks to it (Urls in appsettings.json; see README.md, "Push: Twilio status callbacks").
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
var callcrm = builder.Configuration.GetSection("CallCrm");

// Providers register under their names (twilio, hubspot, webhook); the streams in appsettings.json refer to them.
builder.Services.AddTwilioCallSource(callcrm.GetSection("Twilio"));
builder.Services.AddHubSpotCrm(callcrm.GetSection("HubSpot"));
builder.Services.AddWebhookCallSystemSink(callcrm.GetSection("CallSystem"));

builder.Services.AddCallCrmConnectors(connectors => connectors
    .UseSqliteStateStore(callcrm.GetSection("State:Sqlite"))
    .BindConfiguration(callcrm));

// Health: reachability, circuits, outbox depth and age, checkpoint lag. A web host would map it with MapHealthChecks;
// this worker publishes it to the log every 30 seconds.
builder.Services.AddHealthChecks().AddCallCrmConnectors();
builder.Services.Configure<HealthCheckPublisherOptions>(o => o.Period = TimeSpan.FromSeconds(30));
builder.Services.AddSingleton<IHealthCheckPublisher, LogHealthCheckPublisher>();

// Graceful stop: Ctrl+C or SIGTERM lets the runs in flight commit, for up to the shutdown timeout.
builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));

await using var host = builder.Build();

// The push path: Twilio posts each status change here; the call reaches HubSpot at once instead of at the next pull run.
// PublicBaseUrl is the address Twilio calls (the signature covers it), which differs from the local one behind a proxy.
host.MapTwilioStatusCallbacks("/twilio/status", o =>
{
    o.StreamName = "twilio-to-hubspot";
    o.PublicBaseUrl = callcrm.GetValue<Uri?>("Twilio:PublicBaseUrl");
});
host.MapHealthChecks("/health");

if (callcrm.GetValue("RunStreams", defaultValue: true))
{
    await host.RunAsync();
    return 0;
}

// Run-once mode (RunStreams = false): the hosted service leaves the streams alone and this program runs each enabled stream
// once, then exits: 0 when every run completed, 1 otherwise. A scheduler (cron, a Kubernetes CronJob) calls it again later.
await host.StartAsync();
var streams = host.Services.GetRequiredService<ConnectorStreams>();
await streams.InitializeAsync();
var exitCode = 0;
foreach (var (name, stream) in streams.Options.Streams.Where(s => s.Value.Enabled).OrderBy(s => s.Key, StringComparer.Ordinal))
{
    var report = stream.Kind == ConnectorStreamKind.CallLog
        ? await streams.GetCallLogStream(name).RunOnceAsync()
        : await streams.GetTagStream(name).RunOnceAsync();
    Console.WriteLine($"{name}: {report.Outcome}, {report.Read} read, {report.Written} written, {report.Unchanged} unchanged, {report.DeadLettered} dead-lettered");
    exitCode = report.Outcome == CallCrm.Connectors.Sync.SyncRunOutcome.Completed ? exitCode : 1;
}

await host.StopAsync();
return exitCode;
