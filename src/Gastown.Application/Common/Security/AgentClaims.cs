namespace Gastown.Application.Common.Security;

/// <summary>What an agent's session token proves: which agent, in which store and town, for whom, which dispatch.</summary>
public sealed record AgentClaims(Guid AgentId, Guid StoreId, Guid TownId, Guid UserId, int Generation);
