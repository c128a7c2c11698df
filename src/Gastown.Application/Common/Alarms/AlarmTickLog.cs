using System.Collections.Concurrent;

namespace Gastown.Application.Common.Alarms;

/// <summary>The last tick of every store, for getAlarmStatus. In memory: a restart starts over, which the next tick fills in.</summary>
public sealed class AlarmTickLog
{
    public static readonly IReadOnlyList<string> PhaseNames = ["patrol", "schedule", "mayor", "review"];

    private readonly ConcurrentDictionary<Guid, AlarmTickOutcome> _last = new();

    public void Record(Guid storeId, DateTimeOffset at, bool ranPhases, IReadOnlyCollection<string> failedPhases, int dispatched, int dispatchFailed, int merged) =>
        _last[storeId] = new AlarmTickOutcome(
            at,
            PhaseNames.ToDictionary(phase => phase, phase => !ranPhases ? "skipped" : failedPhases.Contains(phase) ? "failed" : "ok"),
            dispatched, dispatchFailed, merged);

    public AlarmTickOutcome? Last(Guid storeId) => _last.GetValueOrDefault(storeId);
}
