using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Gastown.Infrastructure.Persistence.Postgres;

/// <summary>The PostgreSQL half of the storage switch: one data source for the process, and the schema migrated at start-up.</summary>
internal static class PostgresStorage
{
    public static IServiceCollection AddPostgresStorage(this IServiceCollection services, StorageOptions storage)
    {
        // One pooled data source for the whole process (decision 0015); the container disposes it at shutdown.
        services.AddSingleton(provider =>
        {
            var builder = new NpgsqlDataSourceBuilder(storage.ConnectionString);
            Tune(builder.ConnectionStringBuilder);
            builder.UseLoggerFactory(provider.GetRequiredService<ILoggerFactory>());
            return builder.Build();
        });
        services.AddSingleton<PostgresMigrator>();
        // Registered before the scheduler's and the other hosted services, which start in registration order.
        services.AddHostedService<PostgresMigrationService>();
        return services;
    }

    /// <summary>
    /// What a connection string leaves unsaid, set for Gastown's use of the pool: its SQL is a fixed set of statements
    /// run over and over (a few hundred), so each is prepared on a connection once it has run there a few times (the
    /// server parses and plans it once, not per execution); and a connection handed back to the pool is not reset
    /// (<c>DISCARD ALL</c>, or with prepared statements the seven statements that stand in for it, run by the server on
    /// every reuse): Gastown sets no session state — only transaction-scoped advisory locks, no <c>SET</c>, no
    /// temporary tables, no <c>LISTEN</c> — and an open transaction is still rolled back when a connection returns.
    /// A statement prepared before another node changes a table's columns fails once (Npgsql then prepares it
    /// again): only while a newer node migrates.
    /// </summary>
    internal static void Tune(NpgsqlConnectionStringBuilder settings)
    {
        // The keys the operator wrote (Npgsql's own builder answers ContainsKey for every key it knows).
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = settings.ConnectionString }.Keys
            .Cast<string>().Select(key => key.Replace(" ", "", StringComparison.Ordinal)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (!given.Contains(nameof(settings.MaxAutoPrepare))) settings.MaxAutoPrepare = 256;
        if (!given.Contains(nameof(settings.NoResetOnClose))) settings.NoResetOnClose = true;
    }

    /// <summary>
    /// The shared database in place of SQLite's files (called after the SQLite ones are registered): the directory's
    /// stores run over <see cref="PostgresDirectoryDatabase"/>, the ledgers over <see cref="PostgresLedgerStores"/>.
    /// </summary>
    public static IServiceCollection AddPostgresStores(this IServiceCollection services)
    {
        services.AddSingleton<PostgresDatabase>();
        services.Replace(ServiceDescriptor.Singleton<ILedgerStores, PostgresLedgerStores>());
        services.Replace(ServiceDescriptor.Singleton<DirectoryDatabase, PostgresDirectoryDatabase>());
        return services;
    }

    /// <summary>Readiness: the shared database opens (migrated) and answers.</summary>
    public static Health.ReadinessProbe ReadinessProbe(IServiceProvider provider)
    {
        var database = provider.GetRequiredService<PostgresDatabase>();
        return new Health.ReadinessProbe(async ct => await database.OpenAsync(ct),
            provider.GetRequiredService<Quartz.ISchedulerFactory>(), provider.GetRequiredService<Container.ProcessTownContainer>());
    }
}

/// <summary>Migrates the database before anything else starts (the stores also ensure it on first use).</summary>
internal sealed class PostgresMigrationService(PostgresMigrator migrator) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken) => await migrator.EnsureMigratedAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
