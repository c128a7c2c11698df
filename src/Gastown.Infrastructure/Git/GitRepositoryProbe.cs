using Gastown.Application.Common.Ports;
using Gastown.Infrastructure.Container;
using Microsoft.Extensions.Options;

namespace Gastown.Infrastructure.Git;

/// <summary>
/// A rig's reachability: <c>git ls-remote</c> with the rig's credentials (the same GIT_ASKPASS route as a clone),
/// bounded by <see cref="Timeout"/>, after the same network check a clone makes.
/// </summary>
internal sealed class GitRepositoryProbe(IOptions<ContainerOptions> options) : IRepositoryProbe
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
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(ct);
        bounded.CancelAfter(Timeout);
        try
        {
            var output = await GitRunner.RunAsync(root, ["ls-remote", "--heads", "--", repository.GitUrl], bounded.Token, environment, limits: options.Value.Git);
            return output.Succeeded ? null : GitErrorText.Describe(output, root);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return $"no answer within {Timeout.TotalSeconds:0} seconds";
        }
    }
}
