namespace Gastown.Application.Common.Ports;

/// <summary>Usage reported during one run (an agent's generation) of the agent, working the bead.</summary>
public sealed record AgentRunUsage(Guid AgentId, int Generation, Guid? BeadId, TokenUsage Usage, DateTimeOffset At);
