namespace Gastown.Domain.Agents;

/// <summary>
/// The agent CLI's own session of a polecat's run (Claude's, Codex's thread, opencode's, Gemini's), with the bead and
/// branch it worked on: a later run of the same agent on the same bead and branch continues it (decision 0027).
/// </summary>
public sealed record CliSession(string Id, Guid BeadId, string Branch);
