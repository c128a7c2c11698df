using Gastown.Infrastructure.Container;

namespace Gastown.Infrastructure.Agents.Streams;

/// <summary>Tokens and cost one CLI reported (a usage event).</summary>
public sealed record AgentUsage(long InputTokens, long OutputTokens, long CachedTokens, decimal? CostUsd)
{
    public bool IsEmpty => InputTokens == 0 && OutputTokens == 0 && CachedTokens == 0 && CostUsd is null or 0m;
}
