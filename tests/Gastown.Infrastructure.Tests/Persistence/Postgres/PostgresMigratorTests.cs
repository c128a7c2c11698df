using Dapper;
using Gastown.Infrastructure.Persistence;
using Gastown.Infrastructure.Persistence.Postgres;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Gastown.Infrastructure.Tests.Persistence.Postgres;

public sealed class PostgresMigratorTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Migrates_every_area_once_and_then_finds_nothing_to_do()
    {
        await using var dataSource = NpgsqlDataSource.Create(await postgres.CreateDatabaseAsync());

        var first = await PostgresMigrator.MigrateAsync(dataSource, TestContext.Current.CancellationToken);
        var second = await PostgresMigrator.MigrateAsync(dataSource, TestContext.Current.CancellationToken);

        first.ShouldContain(("Directory", 1));
        first.ShouldContain(("Ledger", 1));
        first.Count.ShouldBe(PostgresMigrator.Scripts().Count);
        second.ShouldBeEmpty();
        await using var connection = await dataSource.OpenConnectionAsync(TestContext.Current.CancellationToken);
        (await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM schema_migrations")).ShouldBe(first.Count);
        (await connection.ExecuteScalarAsync<bool>("SELECT to_regclass('public.beads') IS NOT NULL AND to_regclass('public.rigs') IS NOT NULL"))
            .ShouldBeTrue();
    }

    [Fact]
    public async Task Nodes_starting_together_migrate_once()
    {
        var database = await postgres.CreateDatabaseAsync();
        // Separate data sources, like separate processes: only the advisory lock keeps them from both creating tables.
        var dataSources = Enumerable.Range(0, 4).Select(_ => NpgsqlDataSource.Create(database)).ToArray();
        try
        {
            var results = await Task.WhenAll(dataSources.Select(dataSource =>
                PostgresMigrator.MigrateAsync(dataSource, TestContext.Current.CancellationToken)));

            results.Count(applied => applied.Count > 0).ShouldBe(1);
            results.Sum(applied => applied.Count).ShouldBe(PostgresMigrator.Scripts().Count);
        }
        finally
        {
            foreach (var dataSource in dataSources) await dataSource.DisposeAsync();
        }
    }

    [Fact]
    public void Scripts_are_ordered_directory_then_ledger_then_other_areas_by_number()
    {
        var scripts = PostgresMigrator.Scripts();

        scripts[0].ShouldBe(scripts.First(script => script.Area == "Directory"));
        scripts.Select(script => script.Area).Distinct().Take(2).ShouldBe(["Directory", "Ledger"]);
        foreach (var area in scripts.GroupBy(script => script.Area))
            area.Select(script => script.Version).ShouldBe(area.Select(script => script.Version).Order());
    }

    [Theory]
    [InlineData(null, null, "sqlite")]
    [InlineData("SQLite", null, "sqlite")]
    [InlineData("postgres", "Host=db;Database=gastown", "postgres")]
    public void Storage_provider_is_read_with_sqlite_as_the_default(string? provider, string? connectionString, string expected)
    {
        var storage = StorageOptions.Read(Configuration(provider, connectionString));

        storage.Provider.ShouldBe(expected);
    }

    [Theory]
    [InlineData("mysql", null, "Gastown:Storage:Provider")]
    [InlineData("postgres", null, "Gastown:Storage:ConnectionString")]
    [InlineData("postgres", "Nonsense=1;Password=hunter2", "Gastown:Storage:ConnectionString")]
    public void A_bad_storage_configuration_stops_the_start_naming_the_key(string provider, string? connectionString, string key)
    {
        var error = Should.Throw<InvalidOperationException>(() => StorageOptions.Read(Configuration(provider, connectionString)));

        error.Message.ShouldContain(key);
        error.Message.ShouldNotContain("hunter2");
    }

    private static IConfiguration Configuration(string? provider, string? connectionString) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Gastown:Storage:Provider"] = provider,
            ["Gastown:Storage:ConnectionString"] = connectionString,
        }).Build();
}
