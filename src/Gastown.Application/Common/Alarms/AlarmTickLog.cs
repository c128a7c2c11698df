using System.Collections.Concurrent;

namespace Gastown.Application.Common.Alarms;

/// <summary>The last tick of every store, for getAlarmStatus. In memory: a restart starts over, which the next tick fills in.</summary>
public sealed class AlarmTickLog
{
    public static readonly IReadOnlyList<string> PhaseNames = ["patrol", "schedule", "mayor", "review"];

    private readonly ConcurrentDictionary<Guid, AlarmTickOutcome> _last = new();

    // The two common outcomes are shared (read-only): a quiet tick records no new dictionary.
    private static readonly IReadOnlyDictionary<string, string> AllSkipped = PhaseNames.ToDictionary(phase => phase, _ => "skipped").AsReadOnly();
    private static readonly IReadOnlyDictionary<string, string> AllOk = PhaseNames.ToDictionary(phase => phase, _ => "ok").AsReadOnly();

    public void Record(Guid storeId, DateTimeOffset at, bool ranPhases, IReadOnlyCollection<string> failedPhases, int dispatched, int dispatchFailed, int merged) =>
        _last[storeId] = new AlarmTickOutcome(
            at,
            !ranPhases ? AllSkipped
            : failedPhases.Count == 0 ? AllOk
            : PhaseNames.ToDictionary(phase => phase, phase => failedPhases.Contains(phase) ? "failed" : "ok"),
            dispatched, dispatchFailed, merged);

    public AlarmTickOutcome? Last(Guid storeId) => _last.GetValueOrDefault(storeId);
}
