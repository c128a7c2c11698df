using Gastown.Domain.Beads;

namespace Gastown.Domain.Agents;

/// <summary>An agent and the bead on its hook, as one change left them both.</summary>
public sealed record Assignment(Agent Agent, Bead Bead);
