using Gastown.Application.Common.Ports;
using Gastown.Domain.Agents;
using Gastown.Infrastructure.Container;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Gastown.Infrastructure.Tests.Support;

/// <summary>A real <see cref="ProcessTownContainer"/> over a temp workspace root, with agents run as /bin/sh scripts.</summary>
public sealed class ContainerHarness : IAsyncDisposable
{
    public ContainerHarness(Action<ContainerOptions>? configure = null, Func<string, Gastown.Infrastructure.Sandbox.ISandbox>? sandbox = null)
    {
        Options = new ContainerOptions
        {
            WorkspaceRoot = Temp.Combine("workspaces"),
            StopGracePeriod = TimeSpan.FromMilliseconds(300),
        };
        configure?.Invoke(Options);
        Feed = new AgentEventFeed(Microsoft.Extensions.Options.Options.Create(Options));
        Container = new ProcessTownContainer(
            Microsoft.Extensions.Options.Options.Create(Options),
            Feed,
            new FixedAgentApiAddress("http://127.0.0.1:5999/"),
            NullLogger<ProcessTownContainer>.Instance,
            sandbox: sandbox?.Invoke(Options.WorkspaceRoot));
    }

    public TempDirectory Temp { get; } = new();

    public ContainerOptions Options { get; }

    public AgentEventFeed Feed { get; }

    public ProcessTownContainer Container { get; }

    public Guid TownId { get; } = Guid.NewGuid();

    public Guid StoreId { get; } = Guid.NewGuid();

    public Guid RigId { get; } = Guid.NewGuid();

    public string WorkspaceRoot => Options.WorkspaceRoot;

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>`/bin/sh -c script agent args…`: inside the script the arguments are $1, $2, ….</summary>
    public static AgentCommandOptions Shell(string script, params string[] arguments) =>
        new() { Command = ["/bin/sh", "-c", script, "agent", .. arguments] };

    public RepositoryRef Repository(OriginRepository origin) => new(RigId, origin.BarePath, "main");

    public AgentLaunch Polecat(Guid agentId, RepositoryRef? repository, string? branch, int generation = 1, string prompt = "Do the thing") =>
        new(TownId, StoreId, agentId, AgentRole.Polecat, "Maple", generation, prompt, "kilo/auto", "token-123", repository, branch);

    public AgentLaunch Mayor(Guid agentId, int generation = 1) =>
        new(TownId, StoreId, agentId, AgentRole.Mayor, "Mayor", generation, "Hello mayor", "kilo/auto", "token-mayor", null, null);

    public async Task<int> StartAsync(AgentLaunch launch)
    {
        var started = await Container.StartAgentAsync(launch, Ct);
        started.IsSuccess.ShouldBeTrue(string.Join("; ", started.Errors.Concat(started.ValidationErrors.Select(e => e.ErrorMessage))));
        return started.Value;
    }

    public IReadOnlyList<string> Output(Guid agentId, string stream = AgentEvent.StandardOutput) =>
        [.. Feed.History(agentId).Where(e => e.Kind == AgentEvent.OutputKind && e.Stream == stream).Select(e => e.Text)];

    public Task WaitForOutputAsync(Guid agentId, Func<string, bool> line, string what) =>
        Eventually.TrueAsync(() => Output(agentId).Any(line), what);

    public async Task<AgentProcessStatus> WaitForExitAsync(Guid agentId)
    {
        await Eventually.TrueAsync(() => Container.GetStatus(agentId).State == AgentProcessState.Exited, "the agent exited");
        return Container.GetStatus(agentId);
    }

    public async ValueTask DisposeAsync()
    {
        await Container.DisposeAsync();
        Temp.Dispose();
    }
}
