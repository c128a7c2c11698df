using Gastown.Application;
using Gastown.Infrastructure.Container;
using Gastown.Infrastructure.Persistence;
using Gastown.Infrastructure.Security;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Quartz;

namespace Gastown.Infrastructure.Cluster;

/// <summary>
/// The node and its cluster (decision 0016). With SQLite the node is alone: an in-memory registry of itself, every
/// agent local, tickets, keys and alarms as before. With PostgreSQL the registry, agent placements, the agent-token
/// signing key, the Data Protection key ring, stream tickets and the Quartz job store are shared in the database.
/// </summary>
internal static class ClusterServices
{
    public static IServiceCollection AddCluster(this IServiceCollection services, IConfiguration configuration, bool postgres)
    {
        services.AddOptions<ClusterOptions>().Bind(configuration.GetSection(ClusterOptions.Section));
        services.AddSingleton(new StorageKind(postgres ? "postgres" : "sqlite"));
        services.AddSingleton<NodeHealth>();
        services.AddSingleton<ClusterClient>();
        services.AddHostedService<NodeHeartbeatService>();

        if (!postgres)
        {
            services.AddSingleton<IClusterNodes>(provider => new LocalClusterNodes(
                NodeIdentity.Resolve(provider.GetRequiredService<IOptions<ClusterOptions>>().Value.NodeId, provider.GetRequiredService<DataDirectory>()),
                provider.GetRequiredService<TimeProvider>()));
            services.AddSingleton(provider => new AgentLocator(null, provider.GetRequiredService<IClusterNodes>(),
                provider.GetRequiredService<IOptions<ClusterOptions>>(), provider.GetRequiredService<TimeProvider>()));
            return services;
        }

        // A clustered node must be able to trust its peers' calls: no secret, no start.
        if (string.IsNullOrWhiteSpace(configuration[$"{ClusterOptions.Section}:Secret"]))
            throw new InvalidOperationException(
                $"Configuration '{ClusterOptions.Section}:Secret' is required when 'Gastown:Storage:Provider' is 'postgres' (shared by every node).");

        services.AddSingleton<IClusterNodes>(provider => new PostgresClusterNodes(
            provider.GetRequiredService<NpgsqlDataSource>(), LocalNodeId(configuration),
            provider.GetRequiredService<IOptions<ClusterOptions>>(), provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IAgentPlacements>(provider =>
            new PostgresAgentPlacements(provider.GetRequiredService<NpgsqlDataSource>(), provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton(provider => new AgentLocator(provider.GetRequiredService<IAgentPlacements>(),
            provider.GetRequiredService<IClusterNodes>(), provider.GetRequiredService<IOptions<ClusterOptions>>(),
            provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton<RoutingTownContainer>();
        // Deleting a rig or town cleans up on every node, not only this one.
        services.AddSingleton<ClusterStoreJanitor>();
        services.AddSingleton<IStoreJanitor>(provider => provider.GetRequiredService<ClusterStoreJanitor>());
        services.AddHostedService<OwedRetirementsService>();
        services.AddSingleton<ITownContainer>(provider => provider.GetRequiredService<RoutingTownContainer>());

        services.AddSingleton<IStreamTickets>(provider =>
            new PostgresStreamTickets(provider.GetRequiredService<NpgsqlDataSource>(), provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IAgentTokens>(provider =>
        {
            // A configured key wins (the same on every node); else the one kept in the database.
            var configured = configuration["Gastown:AgentTokens:SigningKey"];
            var database = provider.GetRequiredService<NpgsqlDataSource>();
            return new JwtAgentTokens(
                () => string.IsNullOrWhiteSpace(configured) ? PostgresSigningKey.LoadOrCreate(database) : Convert.FromBase64String(configured),
                provider.GetRequiredService<TimeProvider>());
        });
        services.AddOptions<KeyManagementOptions>()
            .PostConfigure<NpgsqlDataSource>((keys, database) => keys.XmlRepository = new PostgresXmlRepository(database));
        return services;
    }

    /// <summary>
    /// The Quartz job store: in memory when alone (unchanged), else the AdoJobStore on the shared database, clustered,
    /// this node's id as the scheduler instance, the tables made by the project's migrations (Postgres/Cluster/0002).
    /// </summary>
    public static void UseAlarmStore(this IQuartzBuilder quartz, IConfiguration configuration, bool postgres)
    {
        // Gastown:Cluster:Alarms=memory keeps in-memory alarms on PostgreSQL: one node alone, or several service
        // providers in one test process (Quartz's clustered store is per process; the cluster tests run real processes).
        var memory = string.Equals(configuration[$"{ClusterOptions.Section}:Alarms"], "memory", StringComparison.OrdinalIgnoreCase);
        if (!postgres || memory)
        {
            quartz.UseInMemoryStore();
            return;
        }
        var cluster = new ClusterOptions();
        configuration.GetSection(ClusterOptions.Section).Bind(cluster);
        quartz.ConfigureScheduler(scheduler =>
        {
            scheduler.InstanceName = "gastown"; // the cluster: every node's scheduler shares this name
            scheduler.InstanceId = LocalNodeId(configuration);
        });
        quartz.UsePersistentStore(store =>
        {
            store.UsePostgres(NpgsqlFactory.Instance, configuration["Gastown:Storage:ConnectionString"]!);
            store.UseSystemTextJsonSerializer();
            store.UseClustering(clustering =>
            {
                clustering.CheckinInterval = cluster.HeartbeatInterval;
                clustering.CheckinMisfireThreshold = cluster.DeadAfter;
            });
            // The migrations own the schema; Quartz only checks it at start-up.
            store.ConfigureStore(options => options.TablePrefix = "qrtz_");
        });
    }

    /// <summary>The node id before the container exists (Quartz needs it as its instance id).</summary>
    private static string LocalNodeId(IConfiguration configuration)
    {
        var root = configuration["Gastown:DataDir"] is { Length: > 0 } configured ? configured
            : configuration["GASTOWN_DATA_DIR"] is { Length: > 0 } fromEnvironment ? fromEnvironment : DataDirectory.DefaultRoot();
        return NodeIdentity.Resolve(configuration[$"{ClusterOptions.Section}:NodeId"],
            new DataDirectory(Options.Create(new GastownOptions { DataDir = root })));
    }
}
