namespace Gastown.Application.Common.Security;

/// <summary>A request an agent process makes about itself.</summary>
public interface IAgentRequest
{
    Guid AgentId { get; }
}
