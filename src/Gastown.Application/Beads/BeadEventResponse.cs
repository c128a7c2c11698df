namespace Gastown.Application.Beads;

/// <summary>One line of a bead's ledger as the API shows it.</summary>
public sealed record BeadEventResponse(
    long Id,
    Guid BeadId,
    Guid? AgentId,
    string Type,
    string? OldValue,
    string? NewValue,
    IReadOnlyDictionary<string, string> Metadata,
    DateTimeOffset CreatedAt)
{
    public static BeadEventResponse From(BeadEvent e) =>
        new(e.Id, e.BeadId, e.AgentId, e.Type.ToText(), e.OldValue, e.NewValue, e.Metadata, e.CreatedAt);

    public static IReadOnlyList<BeadEventResponse> From(IEnumerable<BeadEvent> events) => [.. events.Select(From)];
}
