namespace Gastown.Application.Common.Ports;

/// <summary><see cref="BeadId"/> waits for <see cref="BlockerId"/> to be merged (closed).</summary>
public sealed record BeadEdge(Guid BeadId, Guid StoreId, Guid BlockerId, Guid BlockerStoreId, bool BlockerClosed);
