using Gastown.Domain.Git;

namespace Gastown.Application.Rigs;

/// <summary>
/// The git URL rules of createRig and updateRig: a valid address, local only where allowed, and (unless private
/// networks are allowed) no host on loopback, link-local, private or unspecified addresses in any spelling. A
/// password in the URL is accepted (it is moved into the rig's credentials) but never repeated in a message.
/// </summary>
public static class GitUrlRules
{
    public static string? Problem(string? url, GastownOptions.GitOptions git)
    {
        if (GitRemoteUrl.Problem(url, git.AllowLocalRepositories) is { } problem) return problem;
        var split = GitUrlUserInfo.Split(url!);
        if (split.HasPassword && !split.Url.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
                              && !split.Url.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
            return "may carry a password only over https:// or http://";
        if (!git.AllowPrivateNetworks && GitHost.HostOf(split.Url) is { } host && GitHost.Problem(host) is { } hostProblem)
            return hostProblem;
        return null;
    }

    public static IRuleBuilderOptions<T, string> MustBeGitUrl<T>(this IRuleBuilder<T, string> rule, GastownOptions.GitOptions git) =>
        rule.Must(url => Problem(url, git) is null)
            .WithMessage((_, url) => $"'gitUrl' {Problem(url, git)}.");
}
