using Gastown.Infrastructure.Container;

namespace Gastown.Infrastructure.Cluster;

/// <summary>
/// The town container of a clustered node. An agent runs on the node that dispatched it (the node running the rig's
/// tick): starts are always local and recorded as the agent's placement. Status, stop and messages go to the agent's
/// node — in-process when it is this one, else over the internal API. An agent whose node is dead answers NotFound,
/// which patrol reads as "lost, not crashed" (no restart counted) and the next dispatch starts it here. Merges and
/// other git work on a branch go to the node holding its worktree (recorded with the review, or the agent's node).
/// </summary>
internal sealed partial class RoutingTownContainer(
    ProcessTownContainer local, IAgentPlacements placements, AgentLocator locator, ClusterClient client, IClusterNodes nodes,
    ILogger<RoutingTownContainer> logger) : ITownContainer
{
    public async Task<Result<int>> StartAgentAsync(AgentLaunch launch, CancellationToken ct)
    {
        // A run of an older generation on another live node gives way first (it would be refused as stale anyway).
        var previous = await locator.LocateAsync(launch.AgentId, ct);
        if (previous.RemoteUrl is { } node) await client.StopAsync(node, launch.AgentId, ct);

        // Placed before it starts, so a status call never finds the new run "somewhere else".
        await placements.RecordAsync(launch.AgentId, nodes.LocalNodeId, launch.Generation, ct);
        return await local.StartAgentAsync(launch, ct);
    }

    public async Task StopAgentAsync(Guid agentId, CancellationToken ct)
    {
        var location = await locator.LocateAsync(agentId, ct);
        if (location.RemoteUrl is { } node)
        {
            if (!await client.StopAsync(node, agentId, ct)) LogUnreachable(agentId, location.NodeId);
            return;
        }
        // A dead node's processes died with it; a local one (or one never started) is stopped here.
        await local.StopAgentAsync(agentId, ct);
    }

    public async Task<Result> SendMessageAsync(Guid agentId, string message, CancellationToken ct)
    {
        var location = await locator.LocateAsync(agentId, ct);
        if (location.NodeDead) return Result.NotFound("the agent's node is gone");
        return location.RemoteUrl is { } node
            ? await client.SendMessageAsync(node, agentId, message, ct)
            : await local.SendMessageAsync(agentId, message, ct);
    }

    public AgentProcessStatus GetStatus(Guid agentId)
    {
        var location = locator.Locate(agentId);
        if (location.NodeDead) return AgentProcessStatus.NotFound;
        if (location.RemoteUrl is not { } node) return local.GetStatus(agentId);
        // A live node that does not answer right now: its run is presumed alive until the node is declared dead, so a
        // network hiccup never re-dispatches an agent that is still working.
        return client.GetStatus(node, agentId)?.ToStatus() ?? new AgentProcessStatus(AgentProcessState.Running, location.Generation);
    }

    public Task<Result<MergeOutcome>> MergeAsync(MergeRequest request, CancellationToken ct) =>
        OnBranchNodeAsync(request.NodeId, node => client.MergeAsync(node, request, ct), () => local.MergeAsync(request, ct), ct);

    public Task<Result<bool>> CommitPendingAsync(string? nodeId, RepositoryRef repository, string branch, string message, CancellationToken ct) =>
        OnBranchNodeAsync(nodeId, node => client.CommitPendingAsync(node, new InternalBranchCall(repository, branch, message), ct),
            () => local.CommitPendingAsync(nodeId, repository, branch, message, ct), ct);

    public Task<Result<bool>> HasBranchChangesAsync(string? nodeId, RepositoryRef repository, string branch, CancellationToken ct) =>
        OnBranchNodeAsync(nodeId, node => client.HasBranchChangesAsync(node, new InternalBranchCall(repository, branch), ct),
            () => local.HasBranchChangesAsync(nodeId, repository, branch, ct), ct);

    public Task<Result> DeleteBranchAsync(string? nodeId, RepositoryRef repository, string branch, CancellationToken ct) =>
        OnBranchNodeAsync(nodeId, node => client.DeleteBranchAsync(node, new InternalBranchCall(repository, branch), ct),
            () => local.DeleteBranchAsync(nodeId, repository, branch, ct), ct);

    /// <summary>
    /// Git work on a branch runs where its worktree is: the node of the run that finished it, which also holds any commit
    /// the agent made and did not push. With no node, this node, or a dead node (whose worktree went with it), it runs
    /// here, on what the remote holds.
    /// </summary>
    private async Task<T> OnBranchNodeAsync<T>(string? nodeId, Func<Uri, Task<T>> remote, Func<Task<T>> here, CancellationToken ct,
        [System.Runtime.CompilerServices.CallerMemberName] string call = "")
    {
        if (nodeId is null || nodeId == nodes.LocalNodeId) return await here();
        var node = (await nodes.ListAsync(ct)).FirstOrDefault(node => node.Id == nodeId);
        if (node is not { IsAlive: true }) return await here();
        LogBranchCallRouted(call, nodeId);
        return await remote(node.InternalUrl);
    }

    [LoggerMessage(LogLevel.Information, "{Call} runs on node {NodeId}, where the branch's worktree is")]
    private partial void LogBranchCallRouted(string call, string nodeId);

    [LoggerMessage(LogLevel.Warning, "Could not stop agent {AgentId} on node {NodeId}: the node did not answer")]
    private partial void LogUnreachable(Guid agentId, string? nodeId);
}
