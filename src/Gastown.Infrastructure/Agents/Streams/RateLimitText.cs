using System.Text.RegularExpressions;

namespace Gastown.Infrastructure.Agents.Streams;

/// <summary>
/// Recognises a model endpoint's refusal for rate or quota in a CLI's error text (HTTP 429, "rate limit", "quota",
/// Gemini's RESOURCE_EXHAUSTED, Claude's "usage limit reached|&lt;epoch&gt;") and the reset it names, if any:
/// "retry after N", "try again in N s/ms/min", or an epoch after "|".
/// </summary>
public static partial class RateLimitText
{
    public static AgentRateLimit? Detect(string? text, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(text) || !Refusal().IsMatch(text)) return null;
        if (EpochReset().Match(text) is { Success: true } epoch
            && long.TryParse(epoch.Groups["epoch"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            && DateTimeOffset.FromUnixTimeSeconds(seconds) is var reset && reset > now)
            return new AgentRateLimit(ResetAt: reset);
        if (RetryAfter().Match(text) is { Success: true } wait
            && double.TryParse(wait.Groups["n"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var amount) && amount > 0)
        {
            var unit = wait.Groups["unit"].Value.ToLowerInvariant();
            var delay = unit.StartsWith("ms", StringComparison.Ordinal) || unit.StartsWith("milli", StringComparison.Ordinal) ? TimeSpan.FromMilliseconds(amount)
                : unit.StartsWith('m') ? TimeSpan.FromMinutes(amount)
                : unit.StartsWith('h') ? TimeSpan.FromHours(amount)
                : TimeSpan.FromSeconds(amount);
            return new AgentRateLimit(RetryAfter: delay);
        }
        return new AgentRateLimit();
    }

    [GeneratedRegex(@"\b429\b|rate[ _-]?limit|too many requests|quota|resource[ _]exhausted|usage limit", RegexOptions.IgnoreCase)]
    private static partial Regex Refusal();

    [GeneratedRegex(@"limit reached\|(?<epoch>\d{9,11})\b", RegexOptions.IgnoreCase)]
    private static partial Regex EpochReset();

    [GeneratedRegex(@"(?:retry[ -]after|try again in|retry in|reset(?:s)? in)[:\s]*(?<n>\d+(?:\.\d+)?)\s*(?<unit>ms|milliseconds?|s|sec|seconds?|m|min|minutes?|h|hours?)?\b", RegexOptions.IgnoreCase)]
    private static partial Regex RetryAfter();
}
