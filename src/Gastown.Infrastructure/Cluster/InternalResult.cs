using System.Text.Json.Serialization;

namespace Gastown.Infrastructure.Cluster;

/// <summary>
/// A container answer carried across the internal API as it was: its status, its value when it succeeded, its errors
/// (validation errors as "field: message"), so the calling node acts on it exactly as on a local answer.
/// </summary>
public sealed record InternalResult<T>(
    [property: JsonConverter(typeof(JsonStringEnumConverter<ResultStatus>))] ResultStatus Status, // The same words whatever the host's JSON options.
    T? Value,
    IReadOnlyList<string> Errors)
{
    public Result<T> ToResult() => Status switch
    {
        ResultStatus.Ok when Value is not null => Result<T>.Success(Value),
        ResultStatus.Conflict => Result<T>.Conflict([.. Errors]),
        ResultStatus.NotFound => Result<T>.NotFound([.. Errors]),
        ResultStatus.Unavailable => Result<T>.Unavailable([.. Errors]),
        ResultStatus.Invalid => Result<T>.Invalid([.. Errors.Select(error => new ValidationError(error))]),
        _ => Result<T>.Error(Errors.Count > 0 ? string.Join(" ", Errors) : $"the agent's node answered {Status} without a value"),
    };
}
