using System.Net;
using System.Net.Sockets;
using Gastown.Domain.Git;

namespace Gastown.Infrastructure.Git;

/// <summary>
/// How a private repository's credentials reach git: a GIT_ASKPASS script (in the workspace root, holding no secret)
/// answers git's username and password prompts from two environment variables. The secret is never in a URL, an
/// argv, a file or git's credential store: every configured credential helper is switched off for these calls.
/// </summary>
internal sealed class GitCredentialEnvironment
{
    public const string UsernameVariable = "GASTOWN_GIT_USERNAME";
    public const string PasswordVariable = "GASTOWN_GIT_PASSWORD";

    private const string Script = """
        #!/bin/sh
        # Gastown's git credential prompt: answers from the environment, never from a file.
        case "$1" in
          Username*|username*) printf '%s\n' "$GASTOWN_GIT_USERNAME" ;;
          *) printf '%s\n' "$GASTOWN_GIT_PASSWORD" ;;
        esac
        """;

    private readonly string _scriptPath;
    private readonly Lock _writeLock = new();

    public GitCredentialEnvironment(string workspaceRoot) =>
        _scriptPath = Path.Combine(workspaceRoot, ".gastown", "git-askpass.sh");

    /// <summary>
    /// The variables for git (and an agent's git) working on this repository. Without credentials: only the settings
    /// that keep git from asking a human or following a redirect elsewhere.
    /// </summary>
    public IReadOnlyDictionary<string, string> For(RepositoryRef? repository)
    {
        var environment = new Dictionary<string, string>
        {
            // A redirect must not carry a clone (or the credentials) to another host; no helper may store a secret.
            ["GIT_CONFIG_COUNT"] = "2",
            ["GIT_CONFIG_KEY_0"] = "http.followRedirects",
            ["GIT_CONFIG_VALUE_0"] = "false",
            ["GIT_CONFIG_KEY_1"] = "credential.helper",
            ["GIT_CONFIG_VALUE_1"] = "",
        };
        if (repository?.Credentials is { } credentials)
        {
            environment["GIT_ASKPASS"] = EnsureScript();
            environment[UsernameVariable] = credentials.Username;
            environment[PasswordVariable] = credentials.Token;
        }
        return environment;
    }

    private string EnsureScript()
    {
        lock (_writeLock)
        {
            if (File.Exists(_scriptPath)) return _scriptPath;
            Directory.CreateDirectory(Path.GetDirectoryName(_scriptPath)!);
            var temporary = $"{_scriptPath}.{Guid.NewGuid():N}";
            File.WriteAllText(temporary, Script.ReplaceLineEndings("\n") + "\n");
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            File.Move(temporary, _scriptPath, overwrite: true);
            return _scriptPath;
        }
    }

    /// <summary>
    /// Why git may not contact this repository's host when private networks are not allowed: the literal address, or
    /// every address its name resolves to now (S2, checked at clone time as well as on the URL).
    /// </summary>
    public static async Task<string?> NetworkProblemAsync(string gitUrl, CancellationToken ct)
    {
        if (GitHost.HostOf(gitUrl) is not { } host) return null;
        if (GitHost.Problem(host) is { } literal) return $"the repository host {literal}";
        if (GitHost.LiteralAddress(host) is not null) return null;
        IPAddress[] addresses;
        try
        {
            addresses = await Dns.GetHostAddressesAsync(host, ct);
        }
        catch (SocketException)
        {
            return $"the repository host '{host}' could not be resolved";
        }
        foreach (var address in addresses)
            if (GitHost.AddressProblem(address) is { } problem) return $"the repository host '{host}' {problem}";
        return null;
    }
}
