namespace Gastown.Application.Common.Ports;

/// <summary>
/// The first response to an idempotency key, per user and operation, durable (the directory database): a retry
/// answers it again instead of doing the work twice (decision 0025).
/// </summary>
public interface IIdempotencyStore
{
    /// <summary>
    /// Claims the key for a request starting now, unless a live record holds it: a claim or response older than
    /// <paramref name="expiredBefore"/> is replaced; so is an unanswered claim older than <paramref name="abandonedBefore"/>
    /// (its request died with its process). Answers null when claimed, else the record that holds the key.
    /// </summary>
    Task<IdempotencyRecord?> TryClaimAsync(
        Guid userId, string operation, string key, DateTimeOffset now, DateTimeOffset expiredBefore, DateTimeOffset abandonedBefore, CancellationToken ct);

    /// <summary>Stores the first response of a claimed key.</summary>
    Task CompleteAsync(Guid userId, string operation, string key, string status, string response, CancellationToken ct);

    /// <summary>Gives up a claim (the request failed: a retry may do the work).</summary>
    Task ReleaseAsync(Guid userId, string operation, string key, CancellationToken ct);

    Task<IdempotencyRecord?> GetAsync(Guid userId, string operation, string key, CancellationToken ct);
}
