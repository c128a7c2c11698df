using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Gastown.Application.Common.Ports;
using Gastown.Application.Common.Security;
using Gastown.Application.Users.CreateUser;
using Mediator;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Gastown.Benchmarks.Support;

/// <summary>
/// The real Gastown host (<see cref="Program"/>: the same services and pipeline) on Kestrel on a random loopback
/// port — real sockets, not TestServer — over a fresh data directory, with <see cref="BenchContainer"/> in place of
/// the process container. Production environment, logging at Warning.
/// </summary>
public sealed class BenchServer : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;

    public BenchServer(BenchContainer container, IReadOnlyDictionary<string, string?>? settings = null)
    {
        Container = container;
        DataDir = Directory.CreateTempSubdirectory("gastown-bench-").FullName;
        _settings = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>())
        {
            ["Gastown:DataDir"] = DataDir,
        };
        _settings.TryAdd("Logging:LogLevel:Default", "Warning");
        // WebApplicationFactory looks for its manifest in the working directory; name the content root instead, so
        // the bench runs from the repository root as well as from its output folder.
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_GASTOWN_WEB",
            Path.Combine(RunOptions.FindRepositoryRoot(), "src", "Gastown.Web"));
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        BaseAddress = new Uri(addresses.First());
    }

    public BenchContainer Container { get; }

    /// <summary>The errors the server logged (exceptions, by message).</summary>
    public ErrorTally Errors { get; } = new();


    public string DataDir { get; }

    public Uri BaseAddress { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
        builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(_settings));
        builder.ConfigureLogging(logging => logging.AddProvider(Errors));
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<ITownContainer>();
            services.AddSingleton<ITownContainer>(Container);
        });
    }

    /// <summary>A client over real loopback sockets, with enough pooled connections for <paramref name="connections"/> concurrent requests.</summary>
    public HttpClient CreateLoopbackClient(string? token, int connections = 8) => LoopbackHttp.CreateClient(BaseAddress, token, connections);

    /// <summary>A user made the way the operator's <c>users add</c> makes one (CreateUser as the system).</summary>
    public async Task<IssuedToken> CreateUserAsync(string name)
    {
        await using var scope = Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<ActorContext>().Set(Actor.System);
        var issued = await scope.ServiceProvider.GetRequiredService<ISender>().Send(new CreateUserCommand(name));
        if (!issued.IsSuccess) throw new InvalidOperationException($"CreateUser failed: {issued.Status}");
        return issued.Value;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(DataDir, recursive: true);
        }
        catch (IOException)
        {
        }
        GC.SuppressFinalize(this);
    }
}

/// <summary>Dashboard calls the scenarios need to set the stage, over HTTP.</summary>
public static class GastownApi
{
    public static async Task<Guid> CreateTownAsync(HttpClient http, string name)
    {
        var response = await http.PostAsJsonAsync("/api/towns", new { name });
        return await IdOf(response);
    }

    public static async Task<Guid> CreateRigAsync(HttpClient http, Guid townId, string name)
    {
        var response = await http.PostAsJsonAsync($"/api/towns/{townId}/rigs", new { name, gitUrl = $"https://example.com/bench/{name}.git" });
        return await IdOf(response);
    }

    public static async Task<Guid[]> CreateRigsAsync(HttpClient http, Guid townId, string prefix, int count)
    {
        var rigs = new Guid[count];
        for (var i = 0; i < count; i++) rigs[i] = await CreateRigAsync(http, townId, $"{prefix}-{i}");
        return rigs;
    }

    /// <summary>Slings and answers (bead id, agent id or null).</summary>
    public static async Task<(Guid Bead, Guid? Agent)> SlingAsync(HttpClient http, Guid rigId, string title)
    {
        using var response = await http.PostAsJsonAsync($"/api/rigs/{rigId}/sling", new { title });
        if (response.StatusCode != HttpStatusCode.Created)
            throw new InvalidOperationException($"sling answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStreamAsync());
        var bead = json.RootElement.GetProperty("bead").GetProperty("id").GetGuid();
        var agent = json.RootElement.GetProperty("agent") is { ValueKind: JsonValueKind.Object } a ? a.GetProperty("id").GetGuid() : (Guid?)null;
        return (bead, agent);
    }

    private static async Task<Guid> IdOf(HttpResponseMessage response)
    {
        using (response)
        {
            if (!response.IsSuccessStatusCode)
                throw new InvalidOperationException($"{response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            using var json = JsonDocument.Parse(await response.Content.ReadAsStreamAsync());
            return json.RootElement.GetProperty("id").GetGuid();
        }
    }
}
