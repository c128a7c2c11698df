namespace Gastown.Domain.Ledgers;

/// <summary>
/// What a ledger store knows about itself (its kv table), so an alarm never has to guess which rig or town it
/// serves. A rig store's id is the rig id; a town HQ store's id is the town id.
/// </summary>
public sealed record LedgerIdentity(
    Guid StoreId,
    LedgerKind Kind,
    Guid TownId,
    Guid OwnerUserId,
    string Name,
    string? GitUrl,
    string? DefaultBranch);
