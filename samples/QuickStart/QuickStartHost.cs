using CallCrm.Connectors.Http;
using CallCrm.Connectors.HubSpot;
using CallCrm.Connectors.Security;
using CallCrm.Connectors.Security.Access;
using CallCrm.Connectors.Security.Redaction;
using CallCrm.Connectors.VendorSimulator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CallCrm.Connectors.QuickStart;

/// <summary>The wiring a real application would have: three providers, a SQLite state file, two streams and the screen-pop card.</summary>
internal static class QuickStartHost
{
    public const string CallStream = "twilio-to-hubspot";
    public const string TagStream = "hubspot-tags";

    // A sample value: a real deployment reads the audit sealing key from a secret store.
    private const string DemoAuditSealingKey = "quickstart-sample-sealing-key-not-a-secret-0123456789";

    public static IHost Build(Uri simulator, string statePath, bool outage)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());

        // The simulator speaks plain HTTP on 127.0.0.1; real vendor URLs must be https (anything else is refused).
        builder.Services.AddTwilioCallSource(o =>
        {
            o.BaseAddress = simulator;
            o.AllowInsecureLoopback = true;
            o.AccountSid = SimulatorCredentials.TwilioAccountSid;
            o.AuthToken = new Secret(SimulatorCredentials.TwilioAuthToken);
            o.InitialLookback = TimeSpan.FromDays(31); // the simulator seeds 30 days back from the start of the hour
        });
        builder.Services.AddHubSpotCrm(o =>
        {
            o.BaseAddress = simulator;
            o.AllowInsecureLoopback = true;
            o.AccessToken = new Secret(SimulatorCredentials.HubSpotAccessToken);
            o.Tier = HubSpotAccountTier.Professional;
            o.SearchRequestsPerSecond = 5;
        });
        builder.Services.AddWebhookCallSystemSink(o =>
        {
            o.Endpoint = new Uri(simulator, "callsystem/tags");
            o.AllowInsecureLoopback = true;
            o.Secret = new Secret(SimulatorCredentials.CallSystemWebhookSecret);
            o.SystemName = "Call system";
        });
        if (outage)
        {
            // For the outage demo the engine alone retries, briefly, so that the circuit opens and buffering shows at once.
            builder.Services.PostConfigure<ConnectorHttpClientOptions>(HubSpotOptions.HttpClientName, o => o.Retry.MaxRetryAttempts = 0);
        }

        builder.Services.AddCallCrmConnectors(callcrm => callcrm
            .UseSqliteStateStore(o => o.DataSource = statePath)
            .AddCallLogStream(CallStream, source: "twilio", sink: "hubspot", stream =>
            {
                stream.Sync.MaxBatchDelay = TimeSpan.FromMilliseconds(200);
                stream.Sync.OutboxProbeInterval = TimeSpan.FromSeconds(1);
                if (outage)
                {
                    // One batch at a time, so that every batch after the simulator's outage trigger meets the outage.
                    stream.Sync.MaxConcurrency = 1;
                    stream.Sync.Resilience.MaxRetryAttempts = 1;
                    stream.Sync.Resilience.RetryBaseDelay = TimeSpan.FromMilliseconds(100);
                    stream.Sync.Resilience.BreakDuration = TimeSpan.FromSeconds(1);
                }
            })
            .AddTagStream(TagStream, source: "hubspot", sink: "webhook", stream => stream.EngineIdentity = "callcrm-connector")
            // The quick start drives the streams itself (run once, then report); a service would leave this on.
            .Configure(o => o.RunStreams = false)
            // Screen-pop: HubSpot's ICustomerLookup behind a cache, filtered by the agent's role and audited in the same state file.
            // Both streams' writes drop the cards they change.
            .AddScreenPop(o =>
            {
                o.Region = "US";
                o.CrmDisplayName = "HubSpot";
                o.HistoryMonths = 3;
            }));
        // The audit log's sealing key has no default; a service would set CallCrm:Security:Audit:SealingKey from a secret store.
        builder.Services.AddCallCrmAuditLog(o => o.SealingKey = new Secret(DemoAuditSealingKey));
        // The built-in Agent role sees the masked profile, tags and tickets; this contact center lets agents see the
        // customer's recent calls too (recordings stay hidden: the role is not granted RecordingUrl).
        builder.Services.AddCallCrmCustomerDataAccess(access => access.ExtendRole(CustomerDataRoles.Agent, role => role.CanRead(DataView.RecentCalls)));
        return builder.Build();
    }
}
