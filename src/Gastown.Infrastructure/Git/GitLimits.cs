namespace Gastown.Infrastructure.Git;

/// <summary>
/// The bounds of every git process the server runs ("Gastown:Container:Git"): how long a remote may take to connect
/// or stall, how long any one command may run before its whole process tree is killed, and how much remote work
/// (clone, fetch) a town may have in flight at once. A host that never answers costs one deadline, never a hang.
/// </summary>
public sealed class GitLimits
{
    public static readonly GitLimits Default = new();

    /// <summary>ssh: ConnectTimeout (connect and banner) and, as ServerAliveInterval × 3, a silent connection.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>http(s): a transfer slower than <see cref="LowSpeedLimit"/> bytes a second for this long is aborted.</summary>
    public TimeSpan LowSpeedTime { get; set; } = TimeSpan.FromSeconds(60);

    public int LowSpeedLimit { get; set; } = 1000;

    /// <summary>A first clone of a rig.</summary>
    public TimeSpan CloneDeadline { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Any other command that talks to the remote: fetch, push, ls-remote.</summary>
    public TimeSpan RemoteDeadline { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A command that stays on this disk (merge, worktree, rev-parse, …).</summary>
    public TimeSpan LocalDeadline { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long a dispatch waits for its rig's clone or fetch before it answers "still fetching" and leaves the tick
    /// (the work goes on in the background; the next attempt finds it done).
    /// </summary>
    public TimeSpan DispatchWait { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Clones and fetches one town may run at once (others of the town wait; other towns do not).</summary>
    public int RemotePerTown { get; set; } = 2;

    /// <summary>Clones and fetches the whole node may run at once.</summary>
    public int RemoteTotal { get; set; } = 16;

    /// <summary>The environment that bounds git's network: ssh's connect and keep-alive timeouts, http's low-speed abort.</summary>
    internal IReadOnlyDictionary<string, string> NetworkEnvironment()
    {
        var connect = Math.Max(1, (int)ConnectTimeout.TotalSeconds);
        var alive = Math.Max(1, connect / 2);
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["GIT_SSH_COMMAND"] = string.Create(CultureInfo.InvariantCulture,
                $"ssh -o BatchMode=yes -o ConnectTimeout={connect} -o ServerAliveInterval={alive} -o ServerAliveCountMax=3"),
            ["GIT_HTTP_LOW_SPEED_LIMIT"] = Math.Max(1, LowSpeedLimit).ToString(CultureInfo.InvariantCulture),
            ["GIT_HTTP_LOW_SPEED_TIME"] = Math.Max(1, (int)LowSpeedTime.TotalSeconds).ToString(CultureInfo.InvariantCulture),
        };
    }

    /// <summary>The deadline of a git command by what it does (its verb, the first argument after the -c options).</summary>
    internal TimeSpan DeadlineOf(IReadOnlyList<string> arguments) =>
        VerbOf(arguments) switch
        {
            "clone" => CloneDeadline,
            "fetch" or "push" or "pull" or "ls-remote" => RemoteDeadline,
            _ => LocalDeadline,
        };

    /// <summary>The git command's verb: its first argument that is not a <c>-c name=value</c> option.</summary>
    internal static string VerbOf(IReadOnlyList<string> arguments) =>
        arguments.SkipWhile((argument, i) => argument == "-c" || (i > 0 && arguments[i - 1] == "-c")).FirstOrDefault() ?? "";
}
