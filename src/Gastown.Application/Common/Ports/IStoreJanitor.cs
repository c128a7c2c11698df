namespace Gastown.Application.Common.Ports;

/// <summary>The container's clean-up of a deleted store: no process, no file left behind.</summary>
public interface IStoreJanitor
{
    /// <summary>
    /// Stops these agents for good (no later start of them succeeds), waits until their processes are gone, and
    /// removes the store's workspace (a rig's clone and worktrees, or a town's own workspaces).
    /// </summary>
    Task RetireAsync(Guid storeId, LedgerKind kind, Guid townId, IReadOnlyCollection<Guid> agentIds, CancellationToken ct);
}
