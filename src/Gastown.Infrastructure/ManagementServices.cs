using Gastown.Application;
using Gastown.Infrastructure.Container;
using Gastown.Infrastructure.Git;
using Gastown.Infrastructure.Persistence;
using Gastown.Infrastructure.Security;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.DependencyInjection;

namespace Gastown.Infrastructure;

internal static class ManagementServices
{
    /// <summary>Town config and secrets (Data Protection, key ring under the data directory), deletions, rig health.</summary>
    public static IServiceCollection AddManagement(this IServiceCollection services)
    {
        services.AddDataProtection().SetApplicationName("Gastown");
        services.AddOptions<KeyManagementOptions>()
            .Configure<DataDirectory, ILoggerFactory>((keys, data, logging) =>
                keys.XmlRepository = new FileSystemXmlRepository(new DirectoryInfo(Path.Combine(data.Root, "keys")), logging));
        services.AddSingleton<ISecretProtector, DataProtectionSecrets>();
        services.AddSingleton<ITownManagement, Persistence.DirectoryStores.TownManagement>();
        services.AddSingleton<IStoreJanitor>(provider => provider.GetRequiredService<ProcessTownContainer>());
        services.AddSingleton<IRepositoryProbe, GitRepositoryProbe>();
        services.AddSingleton<ManagementWorker>();
        services.AddSingleton<IManagementQueue>(provider => provider.GetRequiredService<ManagementWorker>());
        services.AddHostedService(provider => provider.GetRequiredService<ManagementWorker>());
        services.AddOptions<ContainerOptions>()
            .PostConfigure<IOptions<GastownOptions>>((container, gastown) => container.AllowPrivateNetworks = gastown.Value.Git.AllowPrivateNetworks);
        return services;
    }
}
