namespace Gastown.Domain.Agents;

public enum AgentRole { Mayor, Polecat, Witness, Refinery }

public enum AgentStatus { Idle, Working, Stalled, Dead }

/// <summary>
/// A worker (or the mayor). <see cref="Generation"/> grows on every dispatch and is carried in the agent's session
/// token, so a late call from an older process can be told apart from the live one and refused.
/// </summary>
public sealed record Agent(
    Guid Id,
    AgentRole Role,
    string Name,
    string Identity,
    AgentStatus Status,
    Guid? HookedBeadId,
    int Generation,
    int? ProcessId,
    DateTimeOffset? LastActivityAt,
    int RestartCount,
    string? Checkpoint,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string? StatusLine = null,
    DateTimeOffset? StatusLineAt = null)
{
    public bool IsLive => Status != AgentStatus.Dead;

    public static Agent NewPolecat(string rigName, string name, DateTimeOffset now) =>
        new(Guid.NewGuid(), AgentRole.Polecat, name, $"{rigName}/polecats/{name}", AgentStatus.Idle,
            null, 0, null, null, 0, null, now, now);

    public static Agent NewMayor(string townName, DateTimeOffset now) =>
        new(Guid.NewGuid(), AgentRole.Mayor, "mayor", $"{townName}/mayor", AgentStatus.Idle,
            null, 0, null, null, 0, null, now, now);

    public Agent Hook(Guid beadId, DateTimeOffset now) =>
        this with { HookedBeadId = beadId, RestartCount = 0, Checkpoint = null, UpdatedAt = now };

    public Agent Unhook(DateTimeOffset now) =>
        this with { HookedBeadId = null, Status = AgentStatus.Idle, ProcessId = null, UpdatedAt = now };

    /// <summary>The agent's own one-line "what I am doing now" (gt_status); also proof of life.</summary>
    public Agent ReportStatus(string statusLine, DateTimeOffset now) =>
        this with { StatusLine = statusLine, StatusLineAt = now, LastActivityAt = now };

    public Agent StartWorking(DateTimeOffset now) =>
        this with { Status = AgentStatus.Working, Generation = Generation + 1, LastActivityAt = now, UpdatedAt = now };
}
