namespace Gastown.Application.Convoys;

/// <summary>
/// A tracked bead: <see cref="Status"/> is the bead's (<c>missing</c> when deleted); <see cref="Escalated"/> when it gave
/// up; <see cref="BlockedBy"/> its blockers not merged yet; <see cref="Agent"/> the polecat on it, if any.
/// </summary>
public sealed record ConvoyBeadResponse(
    Guid Id, Guid RigId, string RigName, string Title, string Status, ConvoyAgentResponse? Agent, IReadOnlyList<Guid> BlockedBy,
    bool Held, bool Escalated);
