namespace Gastown.Application.Common.Security;

/// <summary>Access marker: one of the mayor's town tools, only the town's mayor may send it (<see cref="MayorAuthorizer{TRequest}"/>).</summary>
public interface IMayorRequest
{
    Guid AgentId { get; }
}
