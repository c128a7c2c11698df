namespace Gastown.Application.Common.Ports;

public sealed record AgentProcessStatus(
    AgentProcessState State,
    int? Generation = null,
    int? ExitCode = null,
    int? ProcessId = null,
    DateTimeOffset? LastOutputAt = null,
    AgentRateLimit? RateLimit = null)
{
    public static readonly AgentProcessStatus NotFound = new(AgentProcessState.NotFound);
}
