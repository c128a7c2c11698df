namespace Gastown.Application.Common.Ports;

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
