namespace Gastown.Infrastructure.Persistence;

/// <summary>
/// How the two types SQLite has no column type for are stored, in SQLite and PostgreSQL alike, converted explicitly at
/// the edge of every store (Dapper's type handlers do not apply to parameters of types it already knows): UUIDs as
/// lowercase text, times as microseconds since the Unix epoch (compact, sortable).
/// </summary>
internal static class DbValues
{
    public static string Id(Guid id) => id.ToString();

    public static string? Id(Guid? id) => id?.ToString();

    public static Guid ToId(string text) => Guid.Parse(text);

    public static Guid? ToOptionalId(string? text) => text is null ? null : Guid.Parse(text);

    public static long Time(DateTimeOffset at) => (at.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMicrosecond;

    public static long? Time(DateTimeOffset? at) => at is { } value ? Time(value) : null;

    public static DateTimeOffset ToTime(long micros) => DateTimeOffset.UnixEpoch.AddTicks(micros * TimeSpan.TicksPerMicrosecond);

    public static DateTimeOffset? ToTime(long? micros) => micros is { } value ? ToTime(value) : null;

    public static string TimeText(DateTimeOffset at) => Time(at).ToString(CultureInfo.InvariantCulture);

    public static DateTimeOffset ParseTimeText(string text) => ToTime(long.Parse(text, CultureInfo.InvariantCulture));
}
