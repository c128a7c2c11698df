namespace Gastown.Application.Common.Security;

/// <summary>
/// A request that creates something and takes an idempotency key (the <c>Idempotency-Key</c> header, the mayor tools'
/// <c>requestId</c>): the same key from the same user within 24 hours answers the first response again and creates
/// nothing (<see cref="Behaviours.IdempotencyBehaviour{TMessage, TResponse}"/>, decision 0025).
/// </summary>
public interface IIdempotentRequest
{
    string? RequestId { get; }
}
