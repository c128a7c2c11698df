using Gastown.Application.Towns;
using Gastown.Application.Rigs;
using Ardalis.Result;
using Gastown.Application.Common.Ports;
using Gastown.Application.Common.Security;
using Gastown.Application.Rigs.CreateRig;
using Gastown.Application.Towns.CreateTown;
using Gastown.Application.Users.CreateUser;
using Gastown.Domain.Beads;
using Gastown.Domain.Rigs;
using Gastown.Domain.Towns;
using Gastown.Infrastructure;
using Gastown.Infrastructure.Container;
using Mediator;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Quartz;

namespace Gastown.Application.Tests.Support;

/// <summary>
/// The application layer as the host wires it (mediator, behaviours, validators, authorizers) over the real SQLite
/// stores in a temp data directory of its own. Hosted services (Quartz, alarm recovery) are never started, so an
/// armed alarm is recorded but no tick runs behind a test's back. Time and agent processes are not the subject
/// here: the clock is a <see cref="FakeTimeProvider"/> that moves only when a test advances it, and the container
/// an <see cref="InMemoryContainer"/> the test scripts (real processes and git are tested in Infrastructure and
/// EndToEnd).
/// </summary>
public sealed class AppHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly bool _ownsDataDir;
    private readonly StorageLease? _storage;

    /// <param name="settings">Extra configuration, e.g. <c>["Gastown:MaxPolecatsPerRig"] = "1"</c>.</param>
    /// <param name="dataDir">An existing data directory to open (not deleted at the end); a fresh temp one when null.</param>
    /// <param name="configure">Last changes to the services (e.g. a decorator around a port).</param>
    /// <param name="storage">The storage provider (SQLite when null); with PostgreSQL a fresh database, dropped at the end.</param>
    public AppHarness(IReadOnlyDictionary<string, string?>? settings = null, string? dataDir = null, Action<IServiceCollection>? configure = null,
        TestStorage? storage = null)
    {
        _ownsDataDir = dataDir is null;
        _storage = storage?.Lease();
        DataDir = dataDir ?? Directory.CreateTempSubdirectory("gastown-app-tests-").FullName;

        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Gastown:DataDir"] = DataDir })
            .AddInMemoryCollection(_storage?.Settings ?? new Dictionary<string, string?>())
            .AddInMemoryCollection(settings ?? new Dictionary<string, string?>())
            .Build();

        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddApplication();
        services.AddInfrastructure(configuration);
        var addresses = new LoopbackAddresses();
        services.AddSingleton<IAgentApiAddress>(addresses);
        services.AddSingleton<IPublicAddress>(addresses);
        services.AddSingleton<TimeProvider>(Clock);
        services.AddSingleton<ITownContainer>(Container);
        configure?.Invoke(services);
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }

    public string DataDir { get; }

    /// <summary>
    /// Another node on this harness's storage (its data directory and, with PostgreSQL, its database): its own service
    /// provider, stores, caches and locks, as a second server process would have. Not owning either, it deletes neither.
    /// </summary>
    public AppHarness SecondNode(IReadOnlyDictionary<string, string?>? settings = null) =>
        new(new Dictionary<string, string?>((settings ?? new Dictionary<string, string?>()).Concat(_storage?.Settings ?? new Dictionary<string, string?>())),
            dataDir: DataDir);

    /// <summary>
    /// Now, for the application: starts at a whole second of the real time and moves a millisecond per reading (so
    /// things made one after another stay in order, at instants the stores keep exactly), or as far as a test
    /// advances it. Never with the wall clock.
    /// </summary>
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()))
    {
        AutoAdvanceAmount = TimeSpan.FromMilliseconds(1),
    };

    public InMemoryContainer Container { get; } = new();

    public IServiceProvider Services => _services;

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ILedgerStores Ledgers => _services.GetRequiredService<ILedgerStores>();

    /// <summary>Sends a command in a scope of its own, as <paramref name="actor"/>.</summary>
    public async Task<TResponse> SendAsync<TResponse>(Actor actor, ICommand<TResponse> command)
    {
        await using var scope = _services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<ActorContext>().Set(actor);
        return await scope.ServiceProvider.GetRequiredService<ISender>().Send(command, Ct);
    }

    /// <summary>Sends a query in a scope of its own, as <paramref name="actor"/>.</summary>
    public async Task<TResponse> SendAsync<TResponse>(Actor actor, IQuery<TResponse> query)
    {
        await using var scope = _services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<ActorContext>().Set(actor);
        return await scope.ServiceProvider.GetRequiredService<ISender>().Send(query, Ct);
    }

    /// <summary>A new user (through <see cref="CreateUserCommand"/>, as the operator would) acting in the returned actor.</summary>
    public async Task<Actor> CreateUserAsync(string? name = null)
    {
        var issued = await SendAsync(Actor.System, new CreateUserCommand(name ?? $"user-{Guid.NewGuid():N}"[..20]));
        issued.ShouldSucceed();
        return Actor.ForUser(issued.Value.UserId);
    }

    public async Task<TownResponse> CreateTownAsync(Actor owner, string? name = null)
    {
        var town = await SendAsync(owner, new CreateTownCommand(name ?? $"town-{Guid.NewGuid():N}"[..16]));
        town.ShouldSucceed();
        return town.Value;
    }

    public async Task<RigResponse> CreateRigAsync(Actor owner, Guid townId, string? name = null, string gitUrl = "https://example.com/repo.git")
    {
        var rig = await SendAsync(owner, new CreateRigCommand(townId, name ?? $"rig-{Guid.NewGuid():N}"[..16], gitUrl, null));
        rig.ShouldSucceed();
        return rig.Value;
    }

    /// <summary>A user with one town holding one rig.</summary>
    public async Task<(Actor Owner, TownResponse Town, RigResponse Rig)> CreateUserWithRigAsync()
    {
        var owner = await CreateUserAsync();
        var town = await CreateTownAsync(owner);
        return (owner, town, await CreateRigAsync(owner, town.Id));
    }

    /// <summary>Writes beads straight into a rig's store (the port the handlers use), committed in one transaction.</summary>
    public async Task InsertBeadsAsync(Guid rigId, params Bead[] beads)
    {
        await using var ledger = await Ledgers.OpenAsync(rigId, LedgerAccess.Write, Ct);
        foreach (var bead in beads) await ledger.Beads.InsertAsync(bead, Ct);
        await ledger.CommitAsync(Ct);
    }

    /// <summary>Reads a rig's store in a read session.</summary>
    public async Task<T> ReadLedgerAsync<T>(Guid storeId, Func<ILedgerSession, Task<T>> read)
    {
        await using var ledger = await Ledgers.OpenAsync(storeId, LedgerAccess.Read, Ct);
        return await read(ledger);
    }

    public async ValueTask DisposeAsync()
    {
        // The scheduler was only ever created (never started) by arming alarms; shut it so no thread outlives the test.
        foreach (var scheduler in await _services.GetRequiredService<ISchedulerFactory>().GetAllSchedulers(CancellationToken.None))
            await scheduler.Shutdown(waitForJobsToComplete: false, CancellationToken.None);
        await _services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (_storage is not null) await _storage.DisposeAsync();
        if (_ownsDataDir) TempDirectory.Delete(DataDir);
    }
}

/// <summary>
/// The server's own addresses (agent API, public base URL), which the web host takes from Kestrel. Handler tests run
/// no server and start no agent, so a loopback address nobody listens on stands in.
/// </summary>
public sealed class LoopbackAddresses : IAgentApiAddress, IPublicAddress
{
    public Uri BaseAddress { get; } = new("http://127.0.0.1:1/");

    public Uri BaseUrl => BaseAddress;
}

public static class ResultAssertions
{
    public static void ShouldSucceed(this Ardalis.Result.IResult result) =>
        result.IsOk().ShouldBeTrue(Describe(result));

    public static void ShouldHaveStatus(this Ardalis.Result.IResult result, ResultStatus status) =>
        result.Status.ShouldBe(status, Describe(result));

    /// <summary>Invalid, naming exactly these fields (as the client spells them in JSON).</summary>
    public static void ShouldBeInvalidOn(this Ardalis.Result.IResult result, params string[] fields)
    {
        result.Status.ShouldBe(ResultStatus.Invalid, Describe(result));
        result.ValidationErrors.Select(error => error.Identifier).Distinct().ShouldBe(fields, ignoreOrder: true, Describe(result));
    }

    private static bool IsOk(this Ardalis.Result.IResult result) => result.Status is ResultStatus.Ok or ResultStatus.Created;

    private static string Describe(Ardalis.Result.IResult result) =>
        $"{result.Status}: {string.Join("; ", result.Errors.Concat(result.ValidationErrors.Select(e => $"{e.Identifier}: {e.ErrorMessage}")))}";
}
