namespace Gastown.Application.Common.Ports;

/// <summary>Which beads a listing wants: newest first, after an optional keyset cursor.</summary>
public sealed record BeadFilter(
    IReadOnlyList<BeadStatus>? Statuses = null,
    BeadType? Type = null,
    Guid? AssigneeAgentId = null,
    int Limit = 100,
    BeadCursor? After = null);
