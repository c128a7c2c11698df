using Gastown.Application.Common.Ports;
using Gastown.Infrastructure.Persistence;
using Gastown.Infrastructure.Persistence.DirectoryStores;
using Gastown.Infrastructure.Persistence.Postgres;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Gastown.Infrastructure.Tests.Persistence.Postgres;

/// <summary>Gastown:Storage:Provider picks every storage port's implementation; SQLite stays the default.</summary>
public sealed class StorageProviderSwitchTests
{
    [Fact]
    public void Sqlite_is_the_default_and_registers_no_data_source()
    {
        var (collection, services) = Build(new Dictionary<string, string?>());
        using var _ = services;

        services.GetRequiredService<ILedgerStores>().ShouldBeOfType<SqliteLedgerStores>();
        services.GetRequiredService<DirectoryDatabase>().ShouldBeOfType<SqliteDirectoryDatabase>();
        services.GetRequiredService<IUserDirectory>().ShouldBeOfType<UserDirectory>();
        services.GetRequiredService<ITownDirectory>().ShouldBeOfType<TownDirectory>();
        services.GetRequiredService<ITownManagement>().ShouldBeOfType<TownManagement>();
        services.GetService<NpgsqlDataSource>().ShouldBeNull();
        HostedServices(collection).ShouldNotContain(typeof(PostgresMigrationService));
    }

    [Fact]
    public void Postgres_puts_every_store_on_the_shared_database_and_migrates_before_the_other_hosted_services()
    {
        // Nothing connects while services are resolved: an address nobody listens on is enough here.
        var (collection, services) = Build(new Dictionary<string, string?>
        {
            ["Gastown:Storage:Provider"] = "postgres",
            ["Gastown:Storage:ConnectionString"] = "Host=127.0.0.1;Port=1;Database=gastown;Username=gastown",
            ["Gastown:Cluster:Secret"] = "switch-test-secret", // required with postgres (decision 0016)
        });
        using var _ = services;

        services.GetRequiredService<ILedgerStores>().ShouldBeOfType<PostgresLedgerStores>();
        // The directory's stores are the same classes (SQL written once) over the shared database.
        services.GetRequiredService<DirectoryDatabase>().ShouldBeOfType<PostgresDirectoryDatabase>();
        services.GetServices<DirectoryDatabase>().ShouldHaveSingleItem();
        services.GetRequiredService<IUserDirectory>().ShouldBeOfType<UserDirectory>();
        services.GetRequiredService<ITownDirectory>().ShouldBeOfType<TownDirectory>();
        services.GetRequiredService<ITownManagement>().ShouldBeOfType<TownManagement>();
        services.GetServices<ILedgerStores>().ShouldHaveSingleItem();
        services.GetRequiredService<NpgsqlDataSource>().ShouldBeSameAs(services.GetRequiredService<NpgsqlDataSource>());
        // What every node shares (decision 0016): the node registry and the stream tickets are in the database too.
        services.GetRequiredService<IClusterNodes>().ShouldBeOfType<Gastown.Infrastructure.Cluster.PostgresClusterNodes>();
        services.GetRequiredService<IStreamTickets>().ShouldBeOfType<Gastown.Infrastructure.Cluster.PostgresStreamTickets>();
        // Hosted services start in registration order: the schema is there before the scheduler and the recovery run.
        HostedServices(collection).First().ShouldBe(typeof(PostgresMigrationService));
    }

    private static List<Type?> HostedServices(IServiceCollection services) =>
        [.. services.Where(descriptor => descriptor.ServiceType == typeof(IHostedService)).Select(descriptor => descriptor.ImplementationType)];

    private static (IServiceCollection Collection, ServiceProvider Provider) Build(Dictionary<string, string?> settings)
    {
        settings["Gastown:DataDir"] = Path.Combine(Path.GetTempPath(), $"gastown-switch-{Guid.NewGuid():N}");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton(TimeProvider.System);
        services.AddInfrastructure(configuration);
        return (services, services.BuildServiceProvider());
    }
}
