namespace Gastown.Application.Common;

/// <summary>
/// The system clock cut to whole microseconds, the precision the stores keep, so a time answered at once (the
/// createdAt of a 201) is the same value as when it is read back later.
/// </summary>
public sealed class MicrosecondTimeProvider : TimeProvider
{
    public static readonly MicrosecondTimeProvider Instance = new();

    public override DateTimeOffset GetUtcNow()
    {
        var now = TimeProvider.System.GetUtcNow();
        return now.AddTicks(-(now.UtcTicks % TimeSpan.TicksPerMicrosecond));
    }
}
