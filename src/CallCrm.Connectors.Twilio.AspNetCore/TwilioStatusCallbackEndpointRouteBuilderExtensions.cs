using System;
using CallCrm.Connectors.Twilio.AspNetCore;
using CallCrm.Connectors.Twilio.AspNetCore.Internal;
using Microsoft.AspNetCore.Routing;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the endpoint Twilio posts call status callbacks to.</summary>
public static class TwilioStatusCallbackEndpointRouteBuilderExtensions
{
    /// <summary>Maps <c>POST <paramref name="pattern"/></c> to receive the status callbacks of the Twilio account named
    /// <see cref="CallCrm.Connectors.Twilio.TwilioOptions.DefaultName"/> into its call-log stream.</summary>
    /// <param name="endpoints">The application's routes.</param>
    /// <param name="pattern">The route, for example <c>/twilio/status</c>.</param>
    /// <returns>The endpoint's builder, to add conventions (authorization, rate limiting, host filtering).</returns>
    public static RouteHandlerBuilder MapTwilioStatusCallbacks(this IEndpointRouteBuilder endpoints, string pattern) =>
        endpoints.MapTwilioStatusCallbacks(pattern, static _ => { });

    /// <summary>Maps <c>POST <paramref name="pattern"/></c> to receive Twilio call status callbacks.</summary>
    /// <param name="endpoints">The application's routes.</param>
    /// <param name="pattern">The route, for example <c>/twilio/status</c>.</param>
    /// <param name="configure">Sets the account, the stream and the public URL.</param>
    /// <returns>The endpoint's builder, to add conventions (authorization, rate limiting, host filtering).</returns>
    /// <remarks>
    /// <para>Answers 204 when the call is stored (written to the CRM, unchanged, buffered in the outbox or dead-lettered) and
    /// for a duplicate of an event already stored; 403 when the signature is missing or wrong, the account is another one
    /// or the event is older than the replay window; 400 when the form is unreadable or not a call status callback; 503
    /// with <c>Retry-After</c> when the call could not be stored, so that Twilio sends it again.</para>
    /// <para>Requires <c>AddTwilioCallSource</c> and <c>AddCallCrmConnectors</c> with the stream; replays are refused through the
    /// registered <see cref="CallCrm.Connectors.Security.Webhooks.IWebhookReplayStore"/>, which a state store's builder extension
    /// makes shared between instances.</para>
    /// </remarks>
    public static RouteHandlerBuilder MapTwilioStatusCallbacks(this IEndpointRouteBuilder endpoints, string pattern, Action<TwilioStatusCallbackEndpointOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrWhiteSpace(pattern);
        ArgumentNullException.ThrowIfNull(configure);
        var options = new TwilioStatusCallbackEndpointOptions();
        configure(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.AccountName, nameof(configure));
        if (options.RetryAfter < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(configure), options.RetryAfter, "TwilioStatusCallbackEndpointOptions.RetryAfter cannot be negative.");
        }

        var endpoint = new TwilioStatusCallbackEndpoint(options);
        return endpoints.MapPost(pattern, (Delegate)endpoint.HandleAsync)
            .DisableAntiforgery()
            .WithDisplayName("Twilio status callbacks");
    }
}
