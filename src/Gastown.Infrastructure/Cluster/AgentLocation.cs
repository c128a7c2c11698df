namespace Gastown.Infrastructure.Cluster;

/// <summary>
/// Where a container call for an agent goes: this node (also when no node ever ran it), another live node (its
/// internal address), or a dead node — whose processes died with it.
/// </summary>
public sealed record AgentLocation(string? NodeId, Uri? RemoteUrl, bool NodeDead, int? Generation)
{
    public static readonly AgentLocation Local = new(null, null, false, null);

    public bool IsLocal => RemoteUrl is null && !NodeDead;
}
