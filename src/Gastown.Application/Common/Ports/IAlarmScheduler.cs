namespace Gastown.Application.Common.Ports;

/// <summary>
/// The per-store alarm: at most one pending fire time per store, and never two ticks at once for one store.
/// Arming for a time later than the one already set keeps the earlier one.
/// </summary>
public interface IAlarmScheduler
{
    Task ArmAsync(Guid storeId, DateTimeOffset at, CancellationToken ct);
}
