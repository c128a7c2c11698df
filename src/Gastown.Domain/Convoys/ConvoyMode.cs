namespace Gastown.Domain.Convoys;

/// <summary><c>direct</c>: each bead merges into its rig's default branch; <c>land</c>: through a feature branch per rig.</summary>
public enum ConvoyMode { Direct, Land }
