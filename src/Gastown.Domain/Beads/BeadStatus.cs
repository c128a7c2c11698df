namespace Gastown.Domain.Beads;

public enum BeadStatus { Open, InProgress, Closed, Cancelled }
