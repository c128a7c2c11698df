namespace Gastown.Domain.Beads;

public enum BeadPriority { Low, Medium, High, Critical }
