namespace Gastown.Application.Beads;

/// <summary>
/// A blocker not merged yet, and why it holds its dependent: its status (<c>open</c>, <c>in_progress</c>, or
/// <c>cancelled</c>; <c>escalated</c> when it gave up; <c>missing</c> when deleted). Only a merge releases the dependent.
/// </summary>
public sealed record BlockerResponse(Guid BeadId, Guid RigId, string Status);
