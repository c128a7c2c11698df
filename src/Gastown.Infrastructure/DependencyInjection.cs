using Gastown.Application;
using Gastown.Infrastructure.Agents;
using Gastown.Infrastructure.Alarms;
using Gastown.Infrastructure.Cluster;
using Gastown.Infrastructure.Container;
using Gastown.Infrastructure.Persistence;
using Gastown.Infrastructure.Persistence.Postgres;
using Gastown.Infrastructure.Security;
using Gastown.Infrastructure.Streams;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Quartz;

namespace Gastown.Infrastructure;

public static class DependencyInjection
{
    /// <summary>SQLite stores, Quartz alarms, agent tokens and the in-process town container.</summary>
    public static IServiceCollection AddInfrastructure(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<GastownOptions>()
            .Bind(configuration.GetSection(GastownOptions.Section))
            .PostConfigure(options =>
            {
                if (string.IsNullOrWhiteSpace(options.DataDir))
                    options.DataDir = configuration["GASTOWN_DATA_DIR"] is { Length: > 0 } fromEnvironment ? fromEnvironment : DataDirectory.DefaultRoot();
            });

        // Gastown:Storage: sqlite (default) or postgres; checked here, so a bad value stops the start with its key named.
        var storage = StorageOptions.Read(configuration);
        services.AddSingleton(storage);
        if (storage.IsPostgres) services.AddPostgresStorage(storage);

        services.AddSingleton<Telemetry.GastownMetrics>();
        services.AddSingleton<IGastownMetrics>(provider => provider.GetRequiredService<Telemetry.GastownMetrics>());
        services.AddSingleton<DataDirectory>();
        services.AddSingleton<SqliteDirectoryFile>();
        services.AddSingleton<DirectoryDatabase, SqliteDirectoryDatabase>();
        services.AddSingleton<IUserDirectory, Persistence.DirectoryStores.UserDirectory>();
        services.AddSingleton<Persistence.DirectoryStores.TownDirectory>();
        services.AddSingleton<ITownDirectory>(provider => provider.GetRequiredService<Persistence.DirectoryStores.TownDirectory>());
        services.AddSingleton<IDependencyGraph, Persistence.Graph.DependencyGraph>();
        services.AddSingleton<IConvoyStore, Persistence.Graph.ConvoyStore>();
        services.AddSingleton<IIdempotencyStore, Persistence.Graph.IdempotencyStore>();
        services.AddManagement();
        services.AddSingleton<ILedgerStores, SqliteLedgerStores>();
        // postgres: the directory database and the ledger stores are replaced by the shared database's.
        if (storage.IsPostgres) services.AddPostgresStores();
        services.AddSingleton<IAgentTokens, JwtAgentTokens>();
        services.AddSingleton<IStreamTickets, InMemoryStreamTickets>();

        services.AddOptions<ContainerOptions>()
            .Bind(configuration.GetSection(ContainerOptions.Section))
            .PostConfigure<DataDirectory>((container, data) =>
            {
                if (string.IsNullOrWhiteSpace(container.WorkspaceRoot)) container.WorkspaceRoot = data.Workspaces;
            });
        services.AddSingleton<AgentEventFeed>();
        services.AddOptions<AgentsOptions>().Bind(configuration.GetSection(AgentsOptions.Section));
        services.AddSingleton<AgentTools>();
        services.AddSingleton<AgentPresets>();
        services.AddSingleton<AgentUsageRecorder>();
        services.AddSingleton<AgentSessionRecorder>();
        services.AddSingleton<MayorFinalText>();
        services.AddOptions<TranscriptOptions>().Bind(configuration.GetSection(TranscriptOptions.Section));
        services.AddSingleton<RunTranscripts>();
        services.AddOptions<Sandbox.SandboxOptions>().Bind(configuration.GetSection(Sandbox.SandboxOptions.Section));
        services.AddSingleton<Sandbox.ISandbox>(provider => Sandbox.Sandboxes.Create(
            provider.GetRequiredService<IOptions<Sandbox.SandboxOptions>>().Value,
            provider.GetRequiredService<IHostEnvironment>().IsProduction(),
            Sandbox.SandboxHost.For(provider.GetRequiredService<IOptions<ContainerOptions>>().Value.WorkspaceRoot,
                provider.GetRequiredService<AgentTools>().Directory, provider.GetRequiredService<IOptions<Sandbox.SandboxOptions>>().Value),
            provider.GetRequiredService<ILoggerFactory>().CreateLogger("Gastown.Sandbox")));
        services.AddSingleton<ProcessTownContainer>();
        services.AddHostedService<GitShutdown>();
        services.AddSingleton<ITownContainer>(provider => provider.GetRequiredService<ProcessTownContainer>());
        services.AddSingleton<IReviewDiffs>(provider => provider.GetRequiredService<ProcessTownContainer>());

        services.AddQuartz(quartz =>
        {
            quartz.UseAlarmStore(configuration, storage.IsPostgres);
            quartz.UseDefaultThreadPool(pool => pool.MaxConcurrency = configuration.GetValue("Gastown:Alarm:MaxConcurrentTicks", 8));
        });
        services.AddQuartzHostedService(options => options.WaitForJobsToComplete = true);
        services.AddSingleton<IAlarmScheduler, QuartzAlarmScheduler>();
        services.AddSingleton(provider => storage.IsPostgres
            ? PostgresStorage.ReadinessProbe(provider)
            : new Health.ReadinessProbe(provider.GetRequiredService<SqliteDirectoryFile>(),
                provider.GetRequiredService<ISchedulerFactory>(), provider.GetRequiredService<ProcessTownContainer>()));
        services.AddHostedService<AlarmRecoveryService>();
        services.AddHostedService<ConvoyRecoveryService>();
        services.AddHostedService<Hosting.NativeHeapTrimmer>();
        // Last, so that on PostgreSQL its shared tickets, tokens and routing container replace the local ones.
        services.AddCluster(configuration, storage.IsPostgres);
        return services;
    }
}
