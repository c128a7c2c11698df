namespace Gastown.Domain.Convoys;

/// <summary>
/// A feature planned as a graph of beads across a town's rigs (issue 23, decision 0025). Its beads live in their
/// rigs' ledgers (with <c>convoy_id</c>); the convoy, its membership and its dependency edges in the directory.
/// <see cref="Released"/>: its beads' convoy hold has been lifted in every rig (false while staged or creating).
/// </summary>
public sealed record Convoy(
    Guid Id,
    Guid TownId,
    string Title,
    ConvoyMode Mode,
    ConvoyStatus Status,
    bool Staged,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? LandedAt = null,
    DateTimeOffset? ClosedAt = null,
    bool Released = false)
{
    public const int MaxTitleLength = 200;

    public const int MaxTasks = 100;

    /// <summary>Ended: nothing more happens to it (its beads are no longer tracked for landing).</summary>
    public bool IsFinished => Status is ConvoyStatus.Landed or ConvoyStatus.Closed;
}
