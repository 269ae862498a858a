// CallCrm.Connectors as a worker: every setting comes from appsettings.json (override any of them with environment
// variables such as CallCrm__HubSpot__AccessToken, or with user secrets). It points at the vendor simulator:
//   dotnet run --project samples/VendorSimulator -- --port 5080
//   dotnet run --project samples/WorkerService
using CallCrm.Connectors.WorkerService;
using Microsoft.Extensions.Diagnostics.HealthChecks;

// appsettings.json is read from the program's folder, so the worker starts the same from any working folder.
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
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

await builder.Build().RunAsync();
