using Gastown.Application.Common.Ports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
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
            builder.UseLoggerFactory(provider.GetRequiredService<ILoggerFactory>());
            return builder.Build();
        });
        services.AddSingleton<PostgresMigrator>();
        // Registered before the scheduler's and the other hosted services, which start in registration order.
        services.AddHostedService<PostgresMigrationService>();
        return services;
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
