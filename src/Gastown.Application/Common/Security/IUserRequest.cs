namespace Gastown.Application.Common.Security;

/// <summary>Access marker: any signed-in user may send it (<see cref="SignedInUserAuthorizer{TRequest}"/>).</summary>
public interface IUserRequest;
