namespace Gastown.Application.Common.Ports;

/// <summary>Agent session tokens (HS256 JWT), the agent plane's credentials. Never accepted on the user plane.</summary>
public interface IAgentTokens
{
    string Issue(AgentClaims claims);

    /// <summary>The claims of a valid, unexpired token; null otherwise.</summary>
    Task<AgentClaims?> ValidateAsync(string token);
}
