using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.Security.Redaction;

namespace CallCrm.Connectors.HubSpot;

/// <summary>Settings of the HubSpot provider; validated when the host starts.</summary>
public sealed class HubSpotOptions
{
    /// <summary>The name the overloads of <c>AddHubSpotCrm</c> without a name register under: the key of the portal's
    /// services, the name of its options and the <c>IConnectorProvider.Name</c> of its providers.</summary>
    public const string DefaultName = "hubspot";

    /// <summary>The name of the connector HTTP client of the portal named <see cref="DefaultName"/>.</summary>
    public const string HttpClientName = "hubspot";

    /// <summary>The provider name of the portal registered without a name; a named portal's providers report its name.</summary>
    public const string ProviderName = DefaultName;
    /// <summary>The key of the resilience pipeline in Polly's registry of the portal named <see cref="DefaultName"/>
    /// (<c>ConnectorHttpResiliencePipelines.KeyFor(HttpClientName)</c>; a named portal's is <c>KeyFor(HttpClientNameOf(name))</c>):
    /// a <c>ResiliencePipeline&lt;HttpResponseMessage&gt;</c> registered under it replaces the default one.</summary>
    public const string ResiliencePipelineKey = CallCrm.Connectors.Http.ConnectorHttpResiliencePipelines.KeyPrefix + HttpClientName;


    /// <summary>Gets or sets the API base address.</summary>
    /// <value>The default value is <c>https://api.hubapi.com/</c>.</value>
    public Uri BaseAddress { get; set; } = new("https://api.hubapi.com/");

    /// <summary>Gets or sets the private app access token (<c>pat-…</c>), sent as <c>Authorization: Bearer</c>. Binds
    /// from a configuration string; never shown by <see cref="ToString"/>, the debugger or logs.</summary>
    /// <value>The default value is <see langword="null"/>; either this or <see cref="AccessTokenProvider"/> is required.</value>
    public Secret? AccessToken { get; set; }

    /// <summary>
    /// Gets or sets a delegate returning a current OAuth access token, called before every request attempt. HubSpot's
    /// OAuth is the authorization-code grant with refresh tokens: the host keeps the refresh token and returns a fresh
    /// access token here (cache it until it nears expiry). Takes precedence over <see cref="AccessToken"/>.
    /// </summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public Func<CancellationToken, ValueTask<string>>? AccessTokenProvider { get; set; }

    /// <summary>Gets or sets the account's tier, which sets the burst rate limit.</summary>
    /// <value>The default value is <see cref="HubSpotAccountTier.FreeOrStarter"/> (the most conservative, 100 per 10 s).</value>
    public HubSpotAccountTier Tier { get; set; } = HubSpotAccountTier.FreeOrStarter;

    /// <summary>Gets or sets the client-side search limit per second.</summary>
    /// <value>The default value is <see cref="HubSpotRateLimits.DefaultSearchRequestsPerSecond"/> (4; HubSpot documents 5).</value>
    public int SearchRequestsPerSecond { get; set; } = HubSpotRateLimits.DefaultSearchRequestsPerSecond;

    /// <summary>Gets or sets the account's daily request limit, to budget the day; <see langword="null"/> not to budget.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public long? DailyLimit { get; set; }

    /// <summary>Gets or sets how call engagements are written.</summary>
    /// <value>The default value is <see cref="HubSpotWriteMode.CreateOrUpdate"/>.</value>
    public HubSpotWriteMode WriteMode { get; set; } = HubSpotWriteMode.CreateOrUpdate;

    /// <summary>
    /// Gets or sets the call property holding <c>CallRecord.Key</c>. It must exist in the account as a custom call
    /// property with "unique value" set, which is what makes replays idempotent.
    /// </summary>
    /// <value>The default value is <c>callcrm_source_call_id</c>.</value>
    public string SourceCallIdProperty { get; set; } = "callcrm_source_call_id";

    /// <summary>
    /// Gets the mapping of <c>CallRecord.CustomFields</c> keys to HubSpot call property names (custom properties must
    /// exist in the account). Fields without a mapping are not sent.
    /// </summary>
    public IDictionary<string, string> CustomFieldProperties { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Gets or sets the contact property holding the customer's tags, separated by semicolons (a multi-checkbox).</summary>
    /// <value>The default value is <c>callcrm_tags</c>.</value>
    public string TagsProperty { get; set; } = "callcrm_tags";

    /// <summary>Gets or sets the tag name whose value (<c>language=de</c>) becomes the customer's language.</summary>
    /// <value>The default value is <c>language</c>.</value>
    public string LanguageTagName { get; set; } = "language";

    /// <summary>Gets or sets the contact phone properties searched and matched.</summary>
    /// <value>The default value is <c>phone</c> and <c>mobilephone</c>.</value>
    public IList<string> PhoneProperties { get; } = new List<string> { "phone", "mobilephone" };

    /// <summary>Gets or sets the policy deciding the association when several contacts share the customer's number.</summary>
    /// <value>The default value is <see cref="CallerResolutionPolicy.MostRecentlyActive"/>.</value>
    public CallerResolutionPolicy CallerResolution { get; set; } = CallerResolutionPolicy.MostRecentlyActive;

    /// <summary>
    /// Gets the call center's own numbers (E.164 or any form the normalizer reads): never taken as the customer.
    /// Twilio client identities (<c>client:…</c>) and SIP addresses never match either.
    /// </summary>
    public IList<string> OwnNumbers { get; } = new List<string>();

    /// <summary>
    /// Gets or sets an optional custom call property set to <c>true</c> when a call is left unassociated for the agent
    /// to resolve, and to <c>false</c> otherwise (so that an update clears it). It must exist in the account;
    /// <see langword="null"/> flags through <c>hs_call_body</c> only.
    /// </summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? ResolutionFlagProperty { get; set; }

    /// <summary>
    /// Gets or sets the ISO region used to read contact phone numbers typed without a country code when they are
    /// compared with a number that has no region of its own.
    /// </summary>
    /// <value>The default value is <see langword="null"/> (the searched number's own region is used).</value>
    public string? DefaultRegion { get; set; }

    /// <summary>Gets or sets how many calls one HubSpot batch request carries (HubSpot allows at most 100).</summary>
    /// <value>The default value is 100.</value>
    public int MaxBatchSize { get; set; } = 100;

    /// <summary>Gets or sets the page size of the contact change feed (HubSpot search allows at most 200).</summary>
    /// <value>The default value is 200.</value>
    public int CustomerPageSize { get; set; } = 200;

    /// <summary>
    /// Gets or sets how many of a contact's calls since <c>CustomerLookupRequest.HistorySince</c> a screen-pop lookup
    /// returns (newest first); 0 reads no calls (and saves the requests).
    /// </summary>
    /// <value>The default value is 10; at most 200 (HubSpot's search page size).</value>
    public int RecentCallsLimit { get; set; } = 10;

    /// <summary>Gets or sets how long a phone-number-to-contacts lookup is reused by the sink.</summary>
    /// <value>The default value is 5 minutes.</value>
    public TimeSpan ContactCacheDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets or sets how the sink finds the contacts behind callers' numbers.</summary>
    /// <value>The default value is <see cref="HubSpotContactMatching.Auto"/>.</value>
    public HubSpotContactMatching ContactMatching { get; set; } = HubSpotContactMatching.Auto;

    /// <summary>Gets or sets the largest account (in contacts) that <see cref="HubSpotContactMatching.Auto"/> indexes locally.</summary>
    /// <value>The default value is 50,000 (about 30 MB of memory and 250 search requests, about a minute, to load).</value>
    public int LocalIndexMaxContacts { get; set; } = 50_000;

    /// <summary>Gets or sets how often the local contact index reads HubSpot's contact changes (at most one search each time).</summary>
    /// <value>The default value is 5 seconds.</value>
    public TimeSpan LocalIndexRefreshInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets or sets how often the local contact index is loaded again in full, which drops deleted and merged contacts.</summary>
    /// <value>The default value is 6 hours.</value>
    public TimeSpan LocalIndexReloadInterval { get; set; } = TimeSpan.FromHours(6);

    /// <summary>Gets or sets whether plain HTTP to 127.0.0.1 is allowed (tests and local simulators only).</summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool AllowInsecureLoopback { get; set; }

    /// <summary>Gets or sets the name of the system in messages and logs.</summary>
    /// <value>The default value is <c>HubSpot</c>.</value>
    public string SystemName { get; set; } = "HubSpot";

    /// <summary>Gets the name of the connector HTTP client of the portal registered under <paramref name="name"/>:
    /// <see cref="HttpClientName"/> for <see cref="DefaultName"/>, <c>hubspot.&lt;name&gt;</c> otherwise (so that a
    /// HubSpot portal and, say, a Twilio account may share a name). Configure the client's
    /// <c>ConnectorHttpClientOptions</c> under this name, or through the builder <c>AddHubSpotCrm</c> returns.</summary>
    /// <param name="name">The portal's name.</param>
    /// <returns>The client name.</returns>
    public static string HttpClientNameOf(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return string.Equals(name, DefaultName, StringComparison.Ordinal) ? HttpClientName : HttpClientName + "." + name;
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"{nameof(HubSpotOptions)} {{ {nameof(BaseAddress)} = {BaseAddress}, {nameof(AccessToken)} = {(AccessToken is null || AccessToken.IsEmpty ? "(none)" : "***")}, {nameof(Tier)} = {Tier}, {nameof(WriteMode)} = {WriteMode}, {nameof(CallerResolution)} = {CallerResolution} }}";
}
