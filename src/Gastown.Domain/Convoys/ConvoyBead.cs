namespace Gastown.Domain.Convoys;

/// <summary>A bead a convoy tracks, and the rig (store) that holds it; <see cref="Position"/> is its task index.</summary>
public sealed record ConvoyBead(Guid ConvoyId, Guid BeadId, Guid StoreId, int Position);
