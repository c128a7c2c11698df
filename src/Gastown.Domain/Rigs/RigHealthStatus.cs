namespace Gastown.Domain.Rigs;

public enum RigHealthStatus { Ok, Unreachable, Checking }
