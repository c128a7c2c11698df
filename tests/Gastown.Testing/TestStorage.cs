namespace Gastown.Testing;

/// <summary>
/// The storage provider a harness runs on, so one behaviour suite runs on both: <see cref="Sqlite"/> (the default,
/// files in the harness's data directory) or <see cref="Postgres"/> (a fresh database on the run's private server).
/// </summary>
public sealed class TestStorage
{
    private readonly PostgresFixture? _postgres;

    private TestStorage(PostgresFixture? postgres) => _postgres = postgres;

    public static TestStorage Sqlite { get; } = new(null);

    public static TestStorage Postgres(PostgresFixture postgres) => new(postgres);

    public bool IsPostgres => _postgres is not null;

    public override string ToString() => IsPostgres ? "postgres" : "sqlite";

    /// <summary>
    /// A place for one harness: with PostgreSQL a new database (made synchronously, since harnesses are built in test
    /// constructors; it skips the test when PostgreSQL is missing, fails it under CI=true), dropped when disposed.
    /// </summary>
    public StorageLease Lease()
    {
        if (_postgres is null) return new StorageLease(new Dictionary<string, string?>(), null, null);
        // Off the caller's synchronization context, so blocking here cannot deadlock.
        var connectionString = Task.Run(() => _postgres.CreateDatabaseAsync()).GetAwaiter().GetResult();
        return new StorageLease(
            new Dictionary<string, string?>
            {
                ["Gastown:Storage:Provider"] = "postgres",
                ["Gastown:Storage:ConnectionString"] = connectionString,
                ["Gastown:Cluster:Secret"] = "test-cluster-secret", // required with postgres (decision 0016)
                // Harnesses share one process (two "nodes" may be two service providers): Quartz's clustered store is
                // exercised by the real multi-process cluster tests (EndToEnd/Cluster) instead.
                ["Gastown:Cluster:Alarms"] = "memory",
            },
            _postgres, connectionString);
    }
}
