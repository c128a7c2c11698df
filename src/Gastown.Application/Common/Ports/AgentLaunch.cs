namespace Gastown.Application.Common.Ports;

/// <summary>Everything the container needs to run one dispatch of an agent.</summary>
/// <param name="BeadId">The bead a polecat's run works (the one its CLI session belongs to); null for the mayor.</param>
/// <param name="ResumeSessionId">The CLI session this run continues (the agent's, kept for this bead and branch), or null: a fresh one.</param>
public sealed record AgentLaunch(
    Guid TownId,
    Guid StoreId,
    Guid AgentId,
    AgentRole Role,
    string Name,
    int Generation,
    string Prompt,
    string Model,
    string SessionToken,
    RepositoryRef? Repository,
    string? Branch,
    AgentOverrides? Overrides = null,
    IReadOnlyDictionary<string, string>? Environment = null,
    Guid? BeadId = null,
    string? ResumeSessionId = null)
{
    /// <summary>Where a polecat's prompt carries its last checkpoint (after the bead's title and body).</summary>
    public const string CheckpointHeading = "Resume from checkpoint:";
}
