namespace Gastown.Domain.Beads;

public enum BeadType { Issue, Message, Escalation, MergeRequest }
