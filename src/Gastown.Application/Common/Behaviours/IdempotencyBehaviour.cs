using System.Text.Json;

namespace Gastown.Application.Common.Behaviours;

/// <summary>
/// For an <see cref="IIdempotentRequest"/> with a key, after authorization and validation: the key is claimed for the
/// user and the request's type in the directory (a unique row, so of two racing duplicates exactly one runs); a
/// successful result is stored and answered again to every retry within <see cref="Lifetime"/>; a failed one gives
/// the key back. A duplicate arriving while the first still runs waits for its answer (up to <see cref="Wait"/>, then
/// 409). Stored durably, so a retry after a restart is answered too.
/// </summary>
public sealed class IdempotencyBehaviour<TMessage, TResponse>(IIdempotencyStore keys, ICurrentActor current, TimeProvider clock)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IMessage
    where TResponse : IResult
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    /// <summary>An unanswered claim this old was left by a process that died: the key may be claimed again.</summary>
    public static readonly TimeSpan Abandoned = TimeSpan.FromMinutes(5);

    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        if (message is not IIdempotentRequest { RequestId: { } key } || current.Actor.UserId is not { } userId)
            return await next(message, cancellationToken);

        var operation = typeof(TMessage).Name;
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var now = clock.GetUtcNow();
            var held = await keys.TryClaimAsync(userId, operation, key, now, now - Lifetime, now - Abandoned, cancellationToken);
            if (held is null) break;
            if (held is { Status: { } status, Response: { } body }) return Replay(status, body);
            if (waited.Elapsed > Wait)
                return FailedResult<TResponse>.From(Result.Conflict("A request with this Idempotency-Key is still in progress; try again shortly."));
            // Wall time: the first request is real work, whatever a test's clock says.
            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
        }

        TResponse response;
        try
        {
            response = await next(message, cancellationToken);
        }
        catch
        {
            await keys.ReleaseAsync(userId, operation, key, CancellationToken.None);
            throw;
        }
        if (response.Status is ResultStatus.Ok or ResultStatus.Created)
            await keys.CompleteAsync(userId, operation, key, response.Status.ToString(),
                JsonSerializer.Serialize(response.GetValue(), ValueType, Json), CancellationToken.None);
        else await keys.ReleaseAsync(userId, operation, key, CancellationToken.None);
        return response;
    }

    /// <summary>T of <c>Result&lt;T&gt;</c>.</summary>
    private static readonly Type ValueType = typeof(TResponse).IsGenericType ? typeof(TResponse).GetGenericArguments()[0] : typeof(object);

    private static TResponse Replay(string status, string body)
    {
        var value = JsonSerializer.Deserialize(body, ValueType, Json);
        var factory = typeof(TResponse).GetMethod(status == nameof(ResultStatus.Created) ? "Created" : "Success", [ValueType])
            ?? throw new InvalidOperationException($"{typeof(TResponse)} cannot be replayed.");
        return (TResponse)factory.Invoke(null, [value])!;
    }
}
