using System.Net.Http.Headers;
using System.Text.Json;
using CallCrm.Connectors.Samples.ScreenPopApi;
using CallCrm.Connectors.VendorSimulator;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CallCrm.Connectors.ScreenPop.BrowserTests;

/// <summary>The sample's agent panel in a real browser: the sample runs in-process on 127.0.0.1 with its own in-process simulator.</summary>
[TestFixture]
[NonParallelizable]
public sealed class AgentPanelBrowserTests
{
    private const string ChromiumPath = "/usr/bin/chromium";
    private static readonly string[] ChromiumArgs =
        ["--no-sandbox", "--headless", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

    private string stateDirectory = null!;
    private ScreenPopApiHost host = null!;
    private IPlaywright playwright = null!;
    private IBrowser browser = null!;
    private List<(string Name, string Phone)> contacts = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        // A missing browser is a broken machine, not a reason to skip: bootstrap.sh installs it.
        if (!File.Exists(ChromiumPath))
        {
            Assert.Fail($"Chromium (the browser these tests drive) is missing at {ChromiumPath}: run `bash scripts/test.sh` as root (the README's " +
                "test command, which installs it) or install it yourself as root with `apt-get install chromium`.");
        }

        stateDirectory = Path.Combine(Path.GetTempPath(), "screenpop-browser-" + Guid.NewGuid().ToString("N"));
        host = await ScreenPopApiHost.StartAsync(new ScreenPopApiSettings { Port = 0, StatePath = Path.Combine(stateDirectory, "state.db") });
        contacts = await ReadContactsWithE164PhonesAsync(host.Simulator!.BaseAddress);
        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ChromiumPath, Args = ChromiumArgs, Headless = true });
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (browser is not null)
        {
            await browser.DisposeAsync();
        }

        playwright?.Dispose();
        if (host is not null)
        {
            await host.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(stateDirectory))
        {
            Directory.Delete(stateDirectory, recursive: true);
        }
    }

    [SetUp]
    public void HealthyCrm() => host.Simulator!.ConfigureFaults(f => f with { HubSpot = f.HubSpot with { Outage = false } });

    [Test]
    public async Task Panel_KnownNumber_ShowsCustomerCardWithNameAndClickToDial()
    {
        var (name, phone) = contacts[0];
        var page = await OpenPanelAsync(phone);

        await Expect(page.Locator(".customer-name")).Not.ToHaveCountAsync(0);
        await Expect(page.Locator("#card")).ToContainTextAsync(name);
        var dial = page.Locator("a.dial");
        await Expect(dial).ToHaveAttributeAsync("href", "tel:" + phone);
        await Expect(page.Locator(".new-caller")).ToHaveCountAsync(0);
        await Expect(page.Locator(".message.error")).ToHaveCountAsync(0);
    }

    [Test]
    public async Task Panel_UnknownNumber_ShowsNewCallerCardWithCreateLead()
    {
        var page = await OpenPanelAsync("+41 44 668 18 00");

        await Expect(page.Locator(".new-caller")).ToBeVisibleAsync();
        await Expect(page.Locator(".new-caller .caller")).ToHaveTextAsync("+41446681800");
        await Expect(page.Locator("a.create-lead")).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("phone=%2B41446681800$"));
        await Expect(page.Locator(".message")).ToContainTextAsync("No customer in HubSpot has this number");
    }

    [Test]
    public async Task Panel_CrmDown_ShowsFriendlyMessageNotNewCaller()
    {
        host.Simulator!.ConfigureFaults(f => f with { HubSpot = f.HubSpot with { Outage = true } });
        var (_, phone) = contacts[1]; // never looked up before, so nothing is cached

        var page = await OpenPanelAsync(phone);

        var message = page.Locator(".message.error");
        await Expect(message).ToBeVisibleAsync();
        await Expect(message).ToContainTextAsync("HubSpot");
        await Expect(page.Locator(".new-caller")).ToHaveCountAsync(0);
        await Expect(page.Locator(".customer")).ToHaveCountAsync(0);
    }

    [Test]
    public async Task Panel_WithheldNumber_SaysSoInChinese()
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { Locale = "zh-CN" });
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(host.BaseAddress, "?phone=anonymous").ToString());

        await Expect(page.Locator(".message")).ToContainTextAsync("来电者隐藏了号码");
        await context.DisposeAsync();
    }

    [Test]
    public async Task Api_ScreenPopResponse_IsCompressedAndHealthEndpointAnswers()
    {
        using var client = new HttpClient { BaseAddress = host.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "screen-pop?phone=" + Uri.EscapeDataString(contacts[0].Phone));
        request.Headers.Add("X-Dev-User", "agent-1");
        request.Headers.Add("X-Dev-Roles", "Agent");
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("br"));

        using var response = await client.SendAsync(request);
        using var anonymous = await client.GetAsync(new Uri("screen-pop?phone=1", UriKind.Relative));
        var health = await client.GetStringAsync(new Uri("health", UriKind.Relative));

        response.IsSuccessStatusCode.Should().BeTrue();
        response.Content.Headers.ContentEncoding.Should().Equal("br");
        anonymous.StatusCode.Should().Be(System.Net.HttpStatusCode.Unauthorized);
        health.Should().Be("Healthy");
    }

    [Test]
    public async Task Api_AgentAndManager_ResponsesHoldOnlyWhatTheRoleMaySee()
    {
        var phone = contacts[0].Phone;

        using var agent = await GetCardAsync(phone, "Agent");
        using var manager = await GetCardAsync(phone, "Manager");

        var agentCustomer = agent.RootElement.GetProperty("customers")[0];
        var managerCustomer = manager.RootElement.GetProperty("customers")[0];
        managerCustomer.GetProperty("phoneNumbers").EnumerateArray().Select(p => p.GetString()).Should().Contain(phone);
        agentCustomer.GetProperty("phoneNumbers").EnumerateArray().Select(p => p.GetString()).Should().NotContain(phone, "agents see masked numbers");
        agentCustomer.TryGetProperty("recentCalls", out _).Should().BeFalse();
        if (managerCustomer.TryGetProperty("email", out var email))
        {
            agentCustomer.GetProperty("email").GetString().Should().NotBe(email.GetString(), "agents see masked e-mail addresses");
        }
    }

    [Test]
    public async Task Api_RingingEvent_PreloadsTheCardWithoutAnAgentAsking()
    {
        var phone = contacts[^1].Phone;
        var before = host.Simulator!.GetState().Requests;
        using var client = new HttpClient { BaseAddress = host.BaseAddress };
        using var ringing = new HttpRequestMessage(HttpMethod.Post, "ringing?phone=" + Uri.EscapeDataString(phone));
        ringing.Headers.Add("X-Dev-User", "call-system");
        ringing.Headers.Add("X-Dev-Roles", "Agent");

        using var response = await client.SendAsync(ringing);
        var afterPreload = host.Simulator.GetState().Requests;
        using var card = await GetCardAsync(phone, "Agent");

        response.StatusCode.Should().Be(System.Net.HttpStatusCode.Accepted);
        afterPreload.Should().BeGreaterThan(before);
        host.Simulator.GetState().Requests.Should().Be(afterPreload, "the answer is served from the pre-loaded card");
        card.RootElement.GetProperty("kind").GetString().Should().BeOneOf("customer", "candidates");
    }

    private async Task<JsonDocument> GetCardAsync(string phone, string role)
    {
        using var client = new HttpClient { BaseAddress = host.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "screen-pop?phone=" + Uri.EscapeDataString(phone));
        request.Headers.Add("X-Dev-User", "user-" + role);
        request.Headers.Add("X-Dev-Roles", role);
        using var response = await client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }

    private async Task<IPage> OpenPanelAsync(string phone)
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync(new Uri(host.BaseAddress, "?phone=" + Uri.EscapeDataString(phone)).ToString());
        await Expect(page.Locator("#card[data-loaded]")).ToHaveCountAsync(1);
        return page;
    }

    private static async Task<List<(string Name, string Phone)>> ReadContactsWithE164PhonesAsync(Uri simulator)
    {
        using var client = new HttpClient { BaseAddress = simulator };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", SimulatorCredentials.HubSpotAccessToken);
        using var json = JsonDocument.Parse(await client.GetStringAsync(new Uri("crm/v3/objects/contacts?limit=100&properties=firstname,lastname,phone", UriKind.Relative)));
        var found = new List<(string, string)>();
        // Only numbers libphonenumber calls valid: the simulator also seeds numbers a CRM would hold but that no caller ID sends.
        var normalizer = new CallCrm.Connectors.Normalization.PhoneNumberNormalizer(new CallCrm.Connectors.Normalization.PhoneNumberNormalizerOptions { DefaultRegion = "US" });
        foreach (var contact in json.RootElement.GetProperty("results").EnumerateArray())
        {
            var properties = contact.GetProperty("properties");
            var phone = properties.TryGetProperty("phone", out var p) ? p.GetString() : null;
            if (phone is { Length: > 8 } && phone[0] == '+' && normalizer.Normalize(phone).E164 == phone)
            {
                found.Add(($"{properties.GetProperty("firstname").GetString()} {properties.GetProperty("lastname").GetString()}", phone));
            }
        }

        // One contact per number, so that tests using different contacts never share a cached card.
        found = [.. found.DistinctBy(c => c.Item2)];
        found.Should().HaveCountGreaterThanOrEqualTo(3, "the seeded simulator holds contacts with valid E.164 phone numbers");
        return found;
    }
}
