namespace Gastown.Infrastructure.Cluster;

/// <summary>Makes the <see cref="InternalResult{T}"/> a node answers on the internal API from its container's answer.</summary>
public static class InternalResults
{
    public static InternalResult<T> From<T>(Result<T> result) =>
        new(result.Status, result.IsSuccess ? result.Value : default, ErrorsOf(result));

    /// <summary>An answer without a value (a deletion): true when it succeeded.</summary>
    public static InternalResult<bool> From(Result result) => new(result.Status, result.IsSuccess, ErrorsOf(result));

    private static List<string> ErrorsOf(IResult result) =>
        [.. result.Errors, .. result.ValidationErrors.Select(error => $"{error.Identifier}: {error.ErrorMessage}")];
}
