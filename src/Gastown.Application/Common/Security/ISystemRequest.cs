namespace Gastown.Application.Common.Security;

/// <summary>Access marker: only the system (background jobs, the operator's CLI) may send it (<see cref="SystemOnlyAuthorizer{TRequest}"/>).</summary>
public interface ISystemRequest;
