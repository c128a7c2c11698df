using System.Net.Http.Json;
using System.Text.Json;

namespace Gastown.Browser.Tests.Support;

/// <summary>
/// One real server per test (own data directory, port 0, the demo agent, alarms shortened to run in seconds) and
/// one fresh browser context on it, 1366×800 like the window the issue was found in.
/// </summary>
public abstract class DashboardTest(BrowserFixture browser) : IAsyncLifetime
{
    protected static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    protected TempDirectory Temp { get; } = new("gastown-browser");
    protected GastownServer Server { get; private set; } = null!;
    protected HttpClient Api { get; private set; } = null!;
    protected string AdminToken { get; private set; } = null!;
    protected IBrowserContext Context { get; private set; } = null!;
    protected IPage Page { get; private set; } = null!;
    protected List<string> ConsoleErrors { get; } = [];

    protected virtual IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>();

    /// <summary>Settings whose polecats only wait (a shell sleeping): nothing merges while a test looks at the work.</summary>
    protected static IReadOnlyDictionary<string, string> WaitingPolecats() => new Dictionary<string, string>
    {
        ["Gastown:Container:Agents:polecat:Command:0"] = "/bin/sh",
        ["Gastown:Container:Agents:polecat:Command:1"] = "-c",
        ["Gastown:Container:Agents:polecat:Command:2"] = "exec sleep 600",
    };

    public async ValueTask InitializeAsync()
    {
        var chromium = browser.Require();
        var settings = new Dictionary<string, string>
        {
            ["Gastown:Alarm:ActiveInterval"] = "00:00:00.200",
            ["Gastown:Container:StopGracePeriod"] = "00:00:02",
        };
        foreach (var (key, value) in Settings) settings[key] = value;
        Server = await GastownServer.StartAsync(Temp.Sub("data"), settings);
        AdminToken = Server.AdminToken ?? throw new InvalidOperationException("The first start printed no admin token.");
        Api = Server.Client(AdminToken);
        Context = await chromium.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Server.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1366, Height = 800 },
        });
        Context.SetDefaultTimeout(30_000);
        Assertions.SetDefaultExpectTimeout(30_000);
        Page = await Context.NewPageAsync();
        // Script errors only: a 404 from probing a route an older server lacks is logged by the browser as a failed
        // resource, and is expected (the dashboard feature-detects the management routes).
        Page.Console += (_, message) =>
        {
            if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource", StringComparison.Ordinal))
                lock (ConsoleErrors) ConsoleErrors.Add(message.Text);
        };
        Page.PageError += (_, error) => { lock (ConsoleErrors) ConsoleErrors.Add(error); };
    }

    public async ValueTask DisposeAsync()
    {
        if (Context is not null) await Context.DisposeAsync();
        if (Server is not null) await Server.DisposeAsync();
        Api?.Dispose();
        Temp.Dispose();
        GC.SuppressFinalize(this);
    }

    protected static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

    protected static IPageAssertions Expect(IPage page) => Assertions.Expect(page);

    /// <summary>Opens the dashboard and signs in with the admin token, as a user pastes it.</summary>
    protected async Task SignInAsync()
    {
        await Page.GotoAsync("/");
        await Page.GetByLabel("API token").FillAsync(AdminToken);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Towns", Level = 1 })).ToBeVisibleAsync();
    }

    protected async Task<BareRepository> OriginAsync(string name = "repo") => await BareRepository.CreateAsync(Temp.Sub(name));

    protected async Task<Guid> CreateTownAsync(string name) =>
        (await PostAsync("api/towns", new { name })).GetProperty("id").GetGuid();

    protected async Task<Guid> CreateRigAsync(Guid townId, string name, string gitUrl) =>
        (await PostAsync($"api/towns/{townId}/rigs", new { name, gitUrl })).GetProperty("id").GetGuid();

    protected async Task<JsonElement> SlingAsync(Guid rigId, string title) =>
        await PostAsync($"api/rigs/{rigId}/sling", new { title });

    protected async Task<JsonElement> PostAsync(string path, object body)
    {
        using var response = await Api.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.ShouldBeTrue($"POST {path} answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    protected async Task<JsonElement> GetAsync(string path)
    {
        using var response = await Api.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.ShouldBeTrue($"GET {path} answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>The page has no horizontal scrollbar (issue 12, item 6).</summary>
    protected async Task AssertNoHorizontalOverflowAsync()
    {
        var overflow = await Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        overflow.ShouldBeLessThanOrEqualTo(0, "the page scrolls sideways");
    }

    /// <summary>axe (no serious/critical violation) and a full-page screenshot, both as artifacts.</summary>
    protected async Task CheckPageAsync(string name)
    {
        await Artifacts.ScreenshotAsync(Page, name);
        await Axe.AssertNoSeriousViolationsAsync(Page, name);
    }
}
