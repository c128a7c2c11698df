
namespace Gastown.EndToEnd.Tests.Support;

/// <summary>
/// One real server per test, on its own data directory, with a town and a rig over a fresh bare repository. The
/// alarm and back-off intervals are shortened so the whole loop runs in seconds.
/// </summary>
public abstract class ServerTest : IAsyncLifetime
{
    protected TempDirectory Temp { get; } = new("gastown-e2e");
    protected GastownServer Server { get; private set; } = null!;
    protected GastownApi Api { get; private set; } = null!;
    protected BareRepository Origin { get; private set; } = null!;
    protected string AdminToken { get; private set; } = null!;
    protected Guid TownId { get; private set; }
    protected Guid RigId { get; private set; }

    /// <summary>The bearer that opens this test's /metrics (Gastown:Metrics:ScrapeToken).</summary>
    protected string ScrapeToken { get; } = "scrape-" + Guid.NewGuid().ToString("N");

    protected string DataDirectory => System.IO.Path.Combine(Temp.Path, "data");

    /// <summary>
    /// A folder the operator shares read-write with every sandbox (Gastown:Sandbox:WritablePaths): how a test's agent
    /// command leaves notes for the test (captured sessions, markers). Nothing else of the test's folder is visible.
    /// </summary>
    protected string SharedWithAgents => Temp.Sub("shared-with-agents");

    /// <summary>The storage provider of this test's server: SQLite files in its data directory unless overridden.</summary>
    protected virtual TestStorage Storage => TestStorage.Sqlite;

    private StorageLease? _storage;

    /// <summary>The storage settings this test's server runs with (empty on SQLite).</summary>
    protected IReadOnlyDictionary<string, string?> StorageSettings => _storage?.Settings ?? new Dictionary<string, string?>();

    /// <summary>Settings for this test's server (keys like "Gastown:MaxPolecatsPerRig").</summary>
    protected virtual IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>();

    protected static Dictionary<string, string> FastAlarms() => new()
    {
        ["Gastown:Alarm:ActiveInterval"] = "00:00:00.200",
        ["Gastown:Alarm:DispatchBackoff:0"] = "00:00:00.100",
        ["Gastown:Alarm:DispatchBackoff:1"] = "00:00:00.100",
        ["Gastown:Alarm:DispatchBackoff:2"] = "00:00:00.100",
        ["Gastown:Alarm:DispatchBackoff:3"] = "00:00:00.100",
        ["Gastown:Alarm:DispatchBackoff:4"] = "00:00:00.100",
        ["Gastown:Container:StopGracePeriod"] = "00:00:02",
    };

    /// <summary>An agent command (argv) for a role, as configuration.</summary>
    protected static IEnumerable<KeyValuePair<string, string>> AgentCommand(string role, params string[] argv) =>
        argv.Select((argument, index) => KeyValuePair.Create($"Gastown:Container:Agents:{role}:Command:{index}", argument));

    /// <summary>Runs before the server starts (e.g. a scripted model server its settings point at).</summary>
    protected virtual Task BeforeServerStartAsync() => Task.CompletedTask;

    public async ValueTask InitializeAsync()
    {
        // With PostgreSQL a fresh database for this test (skipped with the reason when PostgreSQL is missing; a
        // test skipped here is not disposed, so its temp folder goes now).
        try
        {
            _storage = Storage.Lease();
        }
        catch
        {
            Temp.Dispose();
            throw;
        }
        await BeforeServerStartAsync();
        Origin = await BareRepository.CreateAsync(Temp.Sub("repos"));
        await StartServerAsync();
        AdminToken = Server.AdminToken ?? throw new InvalidOperationException("The first start printed no admin token.");
        Api = new GastownApi(Server.Client(AdminToken));
        TownId = await Api.CreateTownAsync("alpha");
        RigId = await Api.CreateRigAsync(TownId, "web", Origin.Path);
    }

    /// <summary>(Re)starts the server on this test's data directory.</summary>
    protected async Task StartServerAsync()
    {
        var settings = FastAlarms();
        settings["Gastown:Metrics:ScrapeToken"] = ScrapeToken;
        settings["Gastown:Sandbox:WritablePaths:0"] = SharedWithAgents;
        foreach (var (key, value) in Settings) settings[key] = value;
        foreach (var (key, value) in _storage?.Settings ?? new Dictionary<string, string?>()) settings[key] = value!;
        Server = await GastownServer.StartAsync(DataDirectory, settings);
        if (Api is not null) Api = new GastownApi(Server.Client(AdminToken));
    }

    /// <summary>One scrape of /metrics with the scrape token, parsed.</summary>
    protected async Task<PrometheusText> ScrapeAsync()
    {
        using var client = Server.Client(ScrapeToken);
        using var response = await client.GetAsync("metrics");
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"GET /metrics answered {(int)response.StatusCode}: {text}");
        return PrometheusText.Parse(text);
    }

    /// <summary>Runs after the server stopped.</summary>
    protected virtual ValueTask AfterServerStopAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (Server is not null) await Server.DisposeAsync();
        await AfterServerStopAsync();
        if (_storage is not null) await _storage.DisposeAsync();
        Temp.Dispose();
        GC.SuppressFinalize(this);
    }
}
