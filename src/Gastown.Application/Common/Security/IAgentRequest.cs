namespace Gastown.Application.Common.Security;

/// <summary>Access marker: a request an agent process makes about itself (<see cref="AgentSelfAuthorizer{TRequest}"/>).</summary>
public interface IAgentRequest
{
    Guid AgentId { get; }
}
