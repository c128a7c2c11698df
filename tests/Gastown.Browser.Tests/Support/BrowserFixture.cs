namespace Gastown.Browser.Tests.Support;

/// <summary>
/// One headless Debian Chromium for the whole run, driven by Playwright through <c>ExecutablePath</c> (the
/// Playwright browser download cannot be reached here). Without Chromium every browser test is skipped with the
/// reason, except under <c>CI=true</c>, where it fails.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    /// <summary>Where Chromium is looked for; <c>GASTOWN_CHROMIUM</c> overrides.</summary>
    public static string ChromiumPath =>
        Environment.GetEnvironmentVariable("GASTOWN_CHROMIUM") is { Length: > 0 } custom ? custom : "/usr/bin/chromium";

    // Without the background-networking flags Chromium keeps dialling Google's hosts, which this closed network refuses.
    private static readonly string[] Flags =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
    ];

    private IPlaywright? _playwright;
    private string? _missing;

    public IBrowser? Browser { get; private set; }

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            _missing = $"Chromium not found at {ChromiumPath}: run .ci/install-browser.sh (apt-get install chromium) or set GASTOWN_CHROMIUM.";
            return;
        }
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = Flags,
        });
    }

    /// <summary>Skips the calling test when Chromium is missing (fails it under CI=true).</summary>
    public IBrowser Require()
    {
        if (Browser is not null) return Browser;
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            Assert.Fail($"CI=true and the browser tests cannot run. {_missing}");
        Assert.Skip(_missing ?? "Chromium is not available.");
        throw new InvalidOperationException("unreachable");
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
    }
}
