using Microsoft.Extensions.Hosting;

namespace Gastown.Infrastructure.Container;

/// <summary>
/// Kills the container's git commands as soon as the server begins to stop, before the hosted services are awaited:
/// an alarm tick in a fetch or push of a silent remote then ends at once, so a graceful stop is quick and leaves no git
/// process behind (agents are killed when the container is disposed).
/// </summary>
internal sealed class GitShutdown(ProcessTownContainer container, IHostApplicationLifetime lifetime) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStopping.Register(container.StopGitWork);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
