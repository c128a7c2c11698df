namespace Gastown.Infrastructure.Cluster;

/// <summary>A line for an agent's stdin, sent to the agent's node on the internal API.</summary>
public sealed record InternalMessage(string Message);
