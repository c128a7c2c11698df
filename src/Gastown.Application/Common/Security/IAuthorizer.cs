namespace Gastown.Application.Common.Security;

/// <summary>
/// Decides whether the current actor may send a request. Every request type has exactly one; a request without
/// one is refused by the pipeline (default deny), and an architecture test catches it before that.
/// Answers Success, Unauthorized (no or wrong kind of actor), NotFound (someone else's resource: the same answer
/// as a missing one), Forbidden (an agent reaching past its own agent) or Conflict (a stale agent generation).
/// </summary>
public interface IAuthorizer<in TRequest>
{
    ValueTask<Result> AuthorizeAsync(TRequest request, CancellationToken cancellationToken);
}
