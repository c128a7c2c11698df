using Gastown.Infrastructure.Container;

namespace Gastown.Infrastructure.Git;

/// <summary>
/// A rig's reachability: <c>git ls-remote</c> with the rig's credentials (the same GIT_ASKPASS route as a clone),
/// bounded by <see cref="Timeout"/>, after the same network check a clone makes; killed with the rig's other git work.
/// </summary>
internal sealed class GitRepositoryProbe(IOptions<ContainerOptions> options, ProcessTownContainer container) : IRepositoryProbe
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private readonly GitCredentialEnvironment _credentials = new(Path.GetFullPath(options.Value.WorkspaceRoot));

    public async Task<string?> ProblemAsync(RepositoryRef repository, CancellationToken ct)
    {
        if (!options.Value.AllowPrivateNetworks && await GitCredentialEnvironment.NetworkProblemAsync(repository.GitUrl, ct) is { } network)
            return network;

        var root = Path.GetFullPath(options.Value.WorkspaceRoot);
        Directory.CreateDirectory(root);
        var environment = new Dictionary<string, string>(_credentials.For(repository)) { ["GIT_CEILING_DIRECTORIES"] = root };
        // Also ended by the rig's deletion (its git work is killed first thing) and by the server's stop.
        var lifetime = container.RigLifetime(repository.RigId);
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(ct, lifetime);
        bounded.CancelAfter(Timeout);
        try
        {
            var output = await GitRunner.RunAsync(root, ["ls-remote", "--heads", "--", repository.GitUrl], bounded.Token, environment, limits: options.Value.Git);
            return output.Succeeded ? null : GitErrorText.Describe(output, root);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            if (lifetime.IsCancellationRequested) return "the check was stopped (the rig is being deleted or the server is stopping)";
            return $"no answer within {Timeout.TotalSeconds:0} seconds";
        }
    }
}
