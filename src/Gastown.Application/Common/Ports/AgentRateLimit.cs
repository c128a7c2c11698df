namespace Gastown.Application.Common.Ports;

/// <summary>
/// A run ended because the model endpoint refused it for rate or quota (HTTP 429, or the CLI's own rate-limit error):
/// when the provider said it resets (<paramref name="ResetAt"/>, absolute) or how long to wait (<paramref name="RetryAfter"/>,
/// from the end of the run); neither when it did not say.
/// </summary>
public sealed record AgentRateLimit(DateTimeOffset? ResetAt = null, TimeSpan? RetryAfter = null);
