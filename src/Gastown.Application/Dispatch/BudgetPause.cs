using System.Globalization;

namespace Gastown.Application.Dispatch;

/// <summary>
/// A town's daily budget reached: which one (<c>tokensPerDay</c> or <c>usdPerDay</c>), what was used of what limit, on
/// which UTC day, and when it lifts by itself (the next midnight UTC).
/// </summary>
public sealed record BudgetPause(Guid TownId, string Budget, decimal Used, decimal Limit, DateTimeOffset Day)
{
    public DateTimeOffset Until => Day.AddDays(1);

    /// <summary>As shown on the bead, the agent and getAlarmStatus: <c>budget usdPerDay reached (12.40 of 12.00)</c>.</summary>
    public string Reason => Budget == "tokensPerDay"
        ? $"budget tokensPerDay reached ({Used.ToString("0", CultureInfo.InvariantCulture)} of {Limit.ToString("0", CultureInfo.InvariantCulture)})"
        : $"budget usdPerDay reached ({Used.ToString("0.00##", CultureInfo.InvariantCulture)} of {Limit.ToString("0.00##", CultureInfo.InvariantCulture)})";
}
