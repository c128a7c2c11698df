namespace Gastown.Application.Common.Ports;

public enum AgentProcessState { NotFound, Running, Exited }
