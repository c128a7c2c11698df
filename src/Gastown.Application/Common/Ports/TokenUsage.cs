namespace Gastown.Application.Common.Ports;

/// <summary>Tokens and cost (USD, when the CLI reports it) of model calls.</summary>
public sealed record TokenUsage(long InputTokens, long OutputTokens, long CachedTokens, decimal? CostUsd)
{
    public static readonly TokenUsage None = new(0, 0, 0, null);

    public TokenUsage Add(TokenUsage other) => new(
        InputTokens + other.InputTokens, OutputTokens + other.OutputTokens, CachedTokens + other.CachedTokens,
        CostUsd is null && other.CostUsd is null ? null : (CostUsd ?? 0) + (other.CostUsd ?? 0));
}
