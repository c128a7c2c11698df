namespace Gastown.Domain.Reviews;

public enum ReviewStatus { Pending, Running, Merged, Failed }
