namespace Gastown.Domain.Agents;

public enum AgentStatus { Idle, Working, Stalled, Dead }
