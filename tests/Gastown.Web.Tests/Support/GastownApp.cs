using System.Net;
using System.Net.Http.Headers;
using Gastown.Application.Common.Security;
using Gastown.Application.Users.CreateUser;
using Mediator;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Gastown.Testing;

namespace Gastown.Web.Tests.Support;

/// <summary>A dashboard user made for a test, with its API token.</summary>
public sealed record GastownUser(Guid Id, string Name, string Token)
{
    public Actor Actor => Actor.ForUser(Id);
}

/// <summary>
/// The whole Gastown server (the real <see cref="Program"/>) on Kestrel on a random loopback port, over a data
/// directory of its own: real HTTP, real SQLite files, real alarms and container. Environment Development unless a
/// test says otherwise; extra configuration (e.g. <c>["Gastown:Git:AllowLocalRepositories"] = "false"</c>, alarm
/// intervals) wins over appsettings.json. <see cref="RestartAsync"/> stops it and starts a new server on the same data
/// directory; disposing the last one deletes the directory.
/// </summary>
/// <example>
/// <code>
/// await using var app = new GastownApp();
/// var (alice, http) = await app.SignInNewUserAsync("alice");
/// var response = await http.PostAsJsonAsync("/api/towns", new { name = "alpha" });
/// </code>
/// </example>
public sealed class GastownApp : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;
    private readonly List<HttpClient> _clients = [];
    private readonly CapturedLogs _logs = new();
    private bool _ownsDataDir;
    private bool _disposed;
    // The PostgreSQL database (if any): dropped by whichever server owns the data directory at the end.
    private StorageLease? _storage;

    /// <param name="settings">Configuration keys and values, applied over appsettings.json.</param>
    /// <param name="environment">The host environment; Development by default (local repositories allowed).</param>
    /// <param name="dataDir">An existing data directory to serve (then left in place); a fresh temp one when null.</param>
    /// <param name="storage">The storage provider (SQLite when null); with PostgreSQL a fresh database, dropped at the end.</param>
    public GastownApp(IReadOnlyDictionary<string, string?>? settings = null, string? environment = null, string? dataDir = null,
        TestStorage? storage = null)
        : this(settings, environment ?? Environments.Development, dataDir, ownsDataDir: dataDir is null, storage?.Lease())
    {
    }

    private GastownApp(IReadOnlyDictionary<string, string?>? settings, string environment, string? dataDir, bool ownsDataDir, StorageLease? storage)
    {
        _storage = storage;
        _settings = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>());
        foreach (var (key, value) in storage?.Settings ?? new Dictionary<string, string?>()) _settings[key] = value;
        EnvironmentName = environment;
        DataDir = dataDir ?? Directory.CreateTempSubdirectory("gastown-web-tests-").FullName;
        _ownsDataDir = ownsDataDir;
        try
        {
            UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
            StartServer();
            BaseAddress = BoundAddress();
        }
        catch
        {
            if (_ownsDataDir)
            {
                DeleteDataDir(DataDir);
                _storage?.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
            throw;
        }
    }

    /// <summary>Where this server keeps its SQLite files.</summary>
    public string DataDir { get; }

    public string EnvironmentName { get; }

    /// <summary>The real address Kestrel listens on, e.g. http://127.0.0.1:41234/.</summary>
    public Uri BaseAddress { get; }

    public IReadOnlyDictionary<string, string?> Settings => _settings;

    /// <summary>Every log line this server wrote (message and exception), at the configured levels.</summary>
    public IReadOnlyList<string> LogLines => _logs.Lines;

    /// <summary>A client with no token.</summary>
    public HttpClient CreateAnonymousClient() => Track(new HttpClient { BaseAddress = BaseAddress });

    /// <summary>A client that sends <c>Authorization: Bearer &lt;token&gt;</c> on every request.</summary>
    public HttpClient CreateClientWithToken(string token)
    {
        var client = CreateAnonymousClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public HttpClient CreateClientFor(GastownUser user) => CreateClientWithToken(user.Token);

    /// <summary>Creates a user the way the operator's <c>users add</c> does (CreateUser as the system).</summary>
    public async Task<GastownUser> CreateUserAsync(string? name = null)
    {
        var issued = await SendAsync(new CreateUserCommand(name ?? $"user-{Guid.NewGuid():N}"[..20]));
        if (!issued.IsSuccess)
            throw new InvalidOperationException($"Could not create user: {issued.Status} {string.Join(" ", issued.Errors)}");
        return new GastownUser(issued.Value.UserId, issued.Value.UserName, issued.Value.Token);
    }

    /// <summary>A new user and a client signed in as that user.</summary>
    public async Task<(GastownUser User, HttpClient Client)> SignInNewUserAsync(string? name = null)
    {
        var user = await CreateUserAsync(name);
        return (user, CreateClientFor(user));
    }

    /// <summary>Sends a command through the server's own mediator, in a scope of its own, as the system unless told.</summary>
    public async Task<TResponse> SendAsync<TResponse>(ICommand<TResponse> command, Actor? actor = null)
    {
        await using var scope = Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<ActorContext>().Set(actor ?? Actor.System);
        return await scope.ServiceProvider.GetRequiredService<ISender>().Send(command, CancellationToken.None);
    }

    /// <summary>Sends a query through the server's own mediator, in a scope of its own, as the system unless told.</summary>
    public async Task<TResponse> SendAsync<TResponse>(IQuery<TResponse> query, Actor? actor = null)
    {
        await using var scope = Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<ActorContext>().Set(actor ?? Actor.System);
        return await scope.ServiceProvider.GetRequiredService<ISender>().Send(query, CancellationToken.None);
    }

    /// <summary>
    /// Stops this server and starts a new one on the same data directory, settings and environment. The new one owns
    /// the directory from then on; this one is disposed.
    /// </summary>
    public async Task<GastownApp> RestartAsync()
    {
        var owns = _ownsDataDir;
        _ownsDataDir = false;
        var storage = _storage;
        _storage = null;
        await DisposeAsync();
        return new GastownApp(_settings, EnvironmentName, DataDir, owns, storage);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(EnvironmentName);
        var settings = new Dictionary<string, string?>(_settings) { ["Gastown:DataDir"] = DataDir };
        settings.TryAdd("Logging:LogLevel:Default", "Warning");
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
        builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(settings));
        builder.ConfigureLogging(logging => logging.AddProvider(_logs));
    }

    public override async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        foreach (var client in _clients) client.Dispose();
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (_ownsDataDir) DeleteDataDir(DataDir);
        if (_ownsDataDir && _storage is not null) await _storage.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    private HttpClient Track(HttpClient client)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        lock (_clients) _clients.Add(client);
        return client;
    }

    private Uri BoundAddress()
    {
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        return new Uri(addresses.FirstOrDefault() ?? throw new InvalidOperationException("Kestrel bound no address."));
    }

    private static void DeleteDataDir(string path)
    {
        try
        {
            if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // A leftover temp folder (an agent process still letting go of its worktree) must not fail a test.
        }
    }
}
