namespace Gastown.Domain.Beads;

/// <summary>Why a bead is held back from dispatch, whatever its blockers (flags, stored as a number).</summary>
[Flags]
public enum BeadHold
{
    None = 0,
    /// <summary>A person held it (<c>POST …/hold</c>) until released.</summary>
    Person = 1,
    /// <summary>Its convoy is staged, or still being created: invisible to dispatch until started or committed.</summary>
    Convoy = 2,
}
