namespace Gastown.Application.Common.Ports;

/// <summary>A store whose deletion was asked for and has not finished: its rows are already gone from the directory.</summary>
public sealed record PendingDeletion(Guid StoreId, LedgerKind Kind, Guid TownId, IReadOnlyList<Guid> AgentIds, DateTimeOffset CreatedAt);
