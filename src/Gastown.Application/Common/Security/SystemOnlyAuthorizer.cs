using Ardalis.Result;

namespace Gastown.Application.Common.Security;

/// <summary>Base for authorizers of requests only the system (background jobs, the operator's CLI) may send.</summary>
public abstract class SystemOnlyAuthorizer<TRequest>(ResourceAccess access) : IAuthorizer<TRequest>
{
    public ValueTask<Result> AuthorizeAsync(TRequest request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(access.SystemOnly());
}
