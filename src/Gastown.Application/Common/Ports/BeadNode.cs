namespace Gastown.Application.Common.Ports;

/// <summary>A bead and the ledger store (rig) that holds it.</summary>
public sealed record BeadNode(Guid BeadId, Guid StoreId);
