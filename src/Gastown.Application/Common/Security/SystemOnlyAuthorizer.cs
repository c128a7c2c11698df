namespace Gastown.Application.Common.Security;

/// <summary>The authorizer of every <see cref="ISystemRequest"/>: only the system (background jobs, the operator's CLI).</summary>
public sealed class SystemOnlyAuthorizer<TRequest>(ResourceAccess access) : IAuthorizer<TRequest>
    where TRequest : ISystemRequest
{
    public ValueTask<Result> AuthorizeAsync(TRequest request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(access.SystemOnly());
}
