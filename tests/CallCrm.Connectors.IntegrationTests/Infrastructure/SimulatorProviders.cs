using CallCrm.Connectors.HubSpot;
using CallCrm.Connectors.Security.Redaction;
using CallCrm.Connectors.VendorSimulator;
using Microsoft.Extensions.DependencyInjection;

namespace CallCrm.Connectors.IntegrationTests.Infrastructure;

/// <summary>Registers the real providers against the in-process simulator: Twilio calls, HubSpot CRM and the call-system webhook sink.</summary>
internal static class SimulatorProviders
{
    public static IServiceCollection AddSimulatorProviders(this IServiceCollection services, VendorSimulatorHost simulator)
    {
        services.AddTwilioCallSource(o =>
        {
            o.AccountSid = simulator.Options.TwilioAccountSid;
            o.AuthToken = new Secret(simulator.Options.TwilioAuthToken);
            o.BaseAddress = simulator.BaseAddress;
            o.AllowInsecureLoopback = true;
            o.InitialLookback = TimeSpan.FromDays(32);
        });
        services.AddHubSpotCrm(o =>
        {
            o.BaseAddress = simulator.BaseAddress;
            o.AccessToken = new Secret(simulator.Options.HubSpotAccessToken);
            o.AllowInsecureLoopback = true;
            o.Tier = HubSpotAccountTier.Professional;
        });
        services.AddWebhookCallSystemSink(o =>
        {
            o.Endpoint = new Uri(simulator.BaseAddress, "callsystem/tags");
            o.Secret = new Secret(simulator.Options.CallSystemWebhookSecret);
            o.AllowInsecureLoopback = true;
        });
        return services;
    }
}
