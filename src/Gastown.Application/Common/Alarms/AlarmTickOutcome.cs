using System.Collections.Concurrent;

namespace Gastown.Application.Common.Alarms;

/// <summary>How the last tick of a store went, phase by phase (since this process started).</summary>
public sealed record AlarmTickOutcome(DateTimeOffset At, IReadOnlyDictionary<string, string> Phases, int Dispatched, int DispatchFailed, int Merged);
