namespace Gastown.Infrastructure.Cluster;

/// <summary>An agent's process status on the internal API (node to node). State: running, exited or not_found.</summary>
public sealed record InternalAgentStatus(string State, int? Generation, int? ExitCode, int? ProcessId, DateTimeOffset? LastOutputAt)
{
    public static InternalAgentStatus From(AgentProcessStatus status) => new(
        status.State switch
        {
            AgentProcessState.Running => "running",
            AgentProcessState.Exited => "exited",
            _ => "not_found",
        },
        status.Generation, status.ExitCode, status.ProcessId, status.LastOutputAt);

    public AgentProcessStatus ToStatus() => new(
        State switch
        {
            "running" => AgentProcessState.Running,
            "exited" => AgentProcessState.Exited,
            _ => AgentProcessState.NotFound,
        },
        Generation, ExitCode, ProcessId, LastOutputAt);
}
