namespace Gastown.Application.Common.Ports;

/// <summary>
/// The per-rig and per-town ledger stores (one SQLite file each), the Durable-Object state of Gastown.
/// A rig's store id is the rig id; a town HQ's store id is the town id.
/// </summary>
public interface ILedgerStores
{
    /// <summary>Creates (or finds) the store and records its identity. Unavailable when the file cannot be made.</summary>
    Task<Result> CreateAsync(LedgerIdentity identity, CancellationToken ct);

    bool Exists(Guid storeId);

    /// <summary>Opens a session on an existing store.</summary>
    Task<ILedgerSession> OpenAsync(Guid storeId, LedgerAccess access, CancellationToken ct);

    /// <summary>Removes the store's files (used to undo a half-made rig).</summary>
    Task DeleteAsync(Guid storeId, CancellationToken ct);
}
