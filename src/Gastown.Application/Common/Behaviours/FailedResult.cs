namespace Gastown.Application.Common.Behaviours;

/// <summary>
/// Turns a failed non-generic <see cref="Result"/> into the handler's own result type (<c>Result&lt;T&gt;</c>), so a
/// behaviour can answer for any request without knowing T. Resolved once per type.
/// </summary>
internal static class FailedResult<TResponse>
{
    public static readonly Func<Result, TResponse> From = Build();

    private static Func<Result, TResponse> Build()
    {
        if (typeof(TResponse) == typeof(Result)) return result => (TResponse)(object)result;

        var convert = typeof(TResponse).GetMethod("op_Implicit", [typeof(Result)])
            ?? throw new InvalidOperationException($"{typeof(TResponse)} is not an Ardalis Result; requests must answer Result or Result<T>.");
        return result => (TResponse)convert.Invoke(null, [result])!;
    }
}
