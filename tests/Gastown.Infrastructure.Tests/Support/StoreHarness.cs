using Gastown.Application.Common.Ports;
using Gastown.Infrastructure.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Gastown.Infrastructure.Tests.Support;

/// <summary>
/// The storage ports as the host wires them (AddInfrastructure, so through the provider switch) on SQLite files in a
/// temp data directory or on a fresh PostgreSQL database; the scheduler only records what it is told.
/// </summary>
public sealed class StoreHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly StorageLease? _storage;
    private readonly TempDirectory? _data;

    public StoreHarness(TestStorage storage) : this(storage.Lease(), new TempDirectory("gastown-stores"), owns: true)
    {
    }

    private StoreHarness(StorageLease storage, TempDirectory data, bool owns)
    {
        if (owns) (_storage, _data) = (storage, data);
        Lease = storage;
        DataDir = data;
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Gastown:DataDir"] = data.Path })
            .AddInMemoryCollection(storage.Settings)
            .Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton(TimeProvider.System);
        services.AddInfrastructure(configuration);
        services.AddSingleton<IAlarmScheduler>(Scheduler);
        _services = services.BuildServiceProvider();
    }

    private StorageLease Lease { get; }

    private TempDirectory DataDir { get; }

    public RecordingScheduler Scheduler { get; } = new();

    public ILedgerStores Ledgers => _services.GetRequiredService<ILedgerStores>();

    public IUserDirectory Users => _services.GetRequiredService<IUserDirectory>();

    public ITownDirectory Directory => _services.GetRequiredService<ITownDirectory>();

    public ITownManagement Management => _services.GetRequiredService<ITownManagement>();

    public StorageOptions Storage => _services.GetRequiredService<StorageOptions>();

    /// <summary>Another node on the same storage: its own stores, caches and in-process locks.</summary>
    public StoreHarness SecondNode() => new(Lease, DataDir, owns: false);

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (_storage is not null) await _storage.DisposeAsync();
        _data?.Dispose();
    }

    /// <summary>A scheduler that only remembers what it was asked (the real one is Quartz, tested end to end).</summary>
    public sealed class RecordingScheduler : IAlarmScheduler
    {
        private readonly List<(Guid StoreId, DateTimeOffset At)> _armed = [];

        public IReadOnlyList<(Guid StoreId, DateTimeOffset At)> Armed
        {
            get { lock (_armed) return [.. _armed]; }
        }

        public Task ArmAsync(Guid storeId, DateTimeOffset at, CancellationToken ct)
        {
            lock (_armed) _armed.Add((storeId, at));
            return Task.CompletedTask;
        }
    }
}
