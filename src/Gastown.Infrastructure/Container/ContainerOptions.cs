namespace Gastown.Infrastructure.Container;

/// <summary>The "Gastown:Container" configuration section: how the in-process town container runs agents.</summary>
public sealed class ContainerOptions
{
    public const string Section = "Gastown:Container";

    /// <summary>Root of rig clones, polecat worktrees and mayor workspaces. The host fills it in ({DataDir}/workspaces) when empty.</summary>
    public string WorkspaceRoot { get; set; } = "";

    /// <summary>How long a stopped agent gets, after its stdin is closed, before its process tree is killed.</summary>
    public TimeSpan StopGracePeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Events kept per agent for streams that join late.</summary>
    public int EventBufferSize { get; set; } = 2000;

    /// <summary>Live events queued per stream subscriber; one that falls further behind is dropped.</summary>
    public int SubscriberBufferSize { get; set; } = 1000;

    /// <summary>Command per role word ("polecat", "mayor").</summary>
    public Dictionary<string, AgentCommandOptions> Agents { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Whether git may reach hosts on loopback, link-local, private or unspecified addresses (checked after DNS at
    /// clone time). The host sets it from Gastown:Git:AllowPrivateNetworks.
    /// </summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>Connect and stall timeouts and deadlines of every git command, and the limits on remote git work per town.</summary>
    public Git.GitLimits Git { get; set; } = new();

    /// <summary>Used for a role without a configured command: the built-in demo agent (the host sets it).</summary>
    public string[] DemoAgentCommand { get; set; } = [];
}
