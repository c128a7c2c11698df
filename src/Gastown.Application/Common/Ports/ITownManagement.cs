using Gastown.Domain.Ledgers;
using Gastown.Domain.Rigs;

namespace Gastown.Application.Common.Ports;

/// <summary>A rig's own git credentials as stored: the token only as Data Protection ciphertext.</summary>
public sealed record StoredGitCredentials(string Username, string TokenProtected);

/// <summary>
/// A town's settings as stored (camelCase JSON in the directory). Every secret is ciphertext: <c>ApiKeyProtected</c>,
/// <c>TokenProtected</c> and every value of <c>EnvVarsProtected</c>.
/// </summary>
public sealed record StoredTownConfig(
    string? DefaultModel = null,
    int? MaxPolecatsPerRig = null,
    IReadOnlyDictionary<string, StoredRoleAgent>? Agents = null,
    IReadOnlyDictionary<string, StoredEndpoint>? Endpoints = null,
    IReadOnlyDictionary<string, string>? EnvVarsProtected = null,
    StoredGitCredentials? Git = null)
{
    public static readonly StoredTownConfig Empty = new();
}

public sealed record StoredRoleAgent(string? Preset, string? Model);

public sealed record StoredEndpoint(string? BaseUrl, string? ApiKeyProtected);

/// <summary>A store whose deletion was asked for and has not finished: its rows are already gone from the directory.</summary>
public sealed record PendingDeletion(Guid StoreId, LedgerKind Kind, Guid TownId, IReadOnlyList<Guid> AgentIds, DateTimeOffset CreatedAt);

/// <summary>The management side of the directory: renames, rig settings and health, town config, deletions.</summary>
public interface ITownManagement
{
    /// <summary>False when the owner already has another town of that name.</summary>
    Task<bool> TryUpdateTownAsync(Guid townId, string name, DateTimeOffset at, CancellationToken ct);

    /// <summary>Name, URL, default branch and cap; false when the town already has another rig of that name.</summary>
    Task<bool> TryUpdateRigAsync(Rig rig, CancellationToken ct);

    Task SetRigHealthAsync(Guid rigId, RigHealth health, CancellationToken ct);

    Task<StoredGitCredentials?> GetRigCredentialsAsync(Guid rigId, CancellationToken ct);

    /// <summary>Null clears them.</summary>
    Task SetRigCredentialsAsync(Guid rigId, StoredGitCredentials? credentials, CancellationToken ct);

    Task<StoredTownConfig> GetTownConfigAsync(Guid townId, CancellationToken ct);

    Task SaveTownConfigAsync(Guid townId, StoredTownConfig config, DateTimeOffset at, CancellationToken ct);

    /// <summary>
    /// In one transaction: the town's rows (town, rigs, agents, config) go away and a pending deletion is recorded
    /// for each of its stores.
    /// </summary>
    Task RemoveTownAsync(Guid townId, IReadOnlyList<PendingDeletion> deletions, CancellationToken ct);

    /// <summary>In one transaction: the rig's rows (rig, its agents) go away and its pending deletion is recorded.</summary>
    Task RemoveRigAsync(PendingDeletion deletion, CancellationToken ct);

    Task<IReadOnlyList<PendingDeletion>> ListPendingDeletionsAsync(CancellationToken ct);

    Task<bool> IsPendingDeletionAsync(Guid storeId, CancellationToken ct);

    Task CompleteDeletionAsync(Guid storeId, CancellationToken ct);
}

/// <summary>Work the management procedures hand to the background, so an answer never waits on git or processes.</summary>
public interface IManagementQueue
{
    void DeletionPending(Guid storeId);

    void CheckRigHealth(Guid rigId);
}

/// <summary>The container's clean-up of a deleted store: no process, no file left behind.</summary>
public interface IStoreJanitor
{
    /// <summary>
    /// Stops these agents for good (no later start of them succeeds), waits until their processes are gone, and
    /// removes the store's workspace (a rig's clone and worktrees, or a town's own workspaces).
    /// </summary>
    Task RetireAsync(Guid storeId, LedgerKind kind, Guid townId, IReadOnlyCollection<Guid> agentIds, CancellationToken ct);
}

/// <summary>Whether a repository answers (git ls-remote with its credentials, bounded in time); null when it does, else why not.</summary>
public interface IRepositoryProbe
{
    Task<string?> ProblemAsync(RepositoryRef repository, CancellationToken ct);
}
