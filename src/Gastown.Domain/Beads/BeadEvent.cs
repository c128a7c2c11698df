namespace Gastown.Domain.Beads;

/// <summary>One line of a bead's append-only ledger.</summary>
public sealed record BeadEvent(
    long Id,
    Guid BeadId,
    Guid? AgentId,
    BeadEventType Type,
    string? OldValue,
    string? NewValue,
    IReadOnlyDictionary<string, string> Metadata,
    DateTimeOffset CreatedAt)
{
    public static BeadEvent Of(
        Guid beadId, Guid? agentId, BeadEventType type, DateTimeOffset at,
        string? oldValue = null, string? newValue = null, IReadOnlyDictionary<string, string>? metadata = null) =>
        new(0, beadId, agentId, type, oldValue, newValue, metadata ?? NoMetadata, at);

    // Shared and read-only: most events carry no metadata, and none is changed after it is made.
    private static readonly IReadOnlyDictionary<string, string> NoMetadata = System.Collections.ObjectModel.ReadOnlyDictionary<string, string>.Empty;
}
