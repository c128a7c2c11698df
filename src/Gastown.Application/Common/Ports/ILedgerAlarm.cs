namespace Gastown.Application.Common.Ports;

/// <summary>The store's alarm: its due time lives in the store, the scheduler is told after the commit.</summary>
public interface ILedgerAlarm
{
    /// <summary>
    /// Asks for the store's alarm to fire at <paramref name="at"/>, or sooner if it is already due sooner. Every path
    /// that creates work calls this. The due time is written in this transaction, so a crash cannot lose it; the
    /// scheduler is told after the commit.
    /// </summary>
    Task ArmAsync(DateTimeOffset at, CancellationToken ct);

    /// <summary>The alarm tick's own re-arm: replaces the due time (null: nothing left to watch).</summary>
    Task ReplaceAsync(DateTimeOffset? at, CancellationToken ct);

    Task<DateTimeOffset?> GetAsync(CancellationToken ct);
}
