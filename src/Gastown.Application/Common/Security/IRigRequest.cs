namespace Gastown.Application.Common.Security;

/// <summary>Access marker: a request about one rig, only its town's owner may send it (<see cref="RigOwnerAuthorizer{TRequest}"/>).</summary>
public interface IRigRequest
{
    Guid RigId { get; }
}
