namespace Gastown.Domain.Agents;

public enum AgentRole { Mayor, Polecat }
