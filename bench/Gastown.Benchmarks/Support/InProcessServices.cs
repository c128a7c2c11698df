using Gastown.Application;
using Gastown.Application.Common.Ports;
using Gastown.Application.Common.Security;
using Gastown.Infrastructure;
using Mediator;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Gastown.Benchmarks.Support;

/// <summary>
/// The server's own services (AddApplication + AddInfrastructure) for the in-process measures: no HTTP, the Quartz
/// scheduler not started, the container replaced by <see cref="BenchContainer"/>; requests sent as the server sends
/// them (a DI scope, the actor, the mediator pipeline).
/// </summary>
public static class InProcessServices
{
    public static ServiceProvider Build(IEnumerable<KeyValuePair<string, string?>> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddApplication();
        services.AddInfrastructure(configuration);
        services.RemoveAll<ITownContainer>();
        services.AddSingleton<ITownContainer>(new BenchContainer());
        return services.BuildServiceProvider();
    }

    /// <summary>Lets the pooled SQLite connections go and deletes an in-process measure's data directory (best effort).</summary>
    public static void DeleteDataDirectory(string dataDir)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(dataDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    public static async Task<TResponse> SendAsync<TResponse>(this IServiceProvider provider, ICommand<TResponse> command, Actor actor)
    {
        await using var scope = provider.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<ActorContext>().Set(actor);
        return await scope.ServiceProvider.GetRequiredService<ISender>().Send(command);
    }
}
