namespace Gastown.Application.Common.Security;

/// <summary>Access marker: a request about one town, only its owner may send it (<see cref="TownOwnerAuthorizer{TRequest}"/>).</summary>
public interface ITownRequest
{
    Guid TownId { get; }
}
