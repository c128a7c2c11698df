namespace Gastown.Application.Convoys;

/// <summary>The agent working on a convoy's bead.</summary>
public sealed record ConvoyAgentResponse(Guid Id, string Name, string Status);
