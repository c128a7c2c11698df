namespace Gastown.Application.Common.Behaviours;

/// <summary>Runs every validator of the request; any failure answers Invalid with one error per bad field.</summary>
public sealed class ValidationBehaviour<TMessage, TResponse>(IEnumerable<IValidator<TMessage>> validators)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IMessage
    where TResponse : IResult
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var errors = new List<ValidationError>();
        foreach (var validator in validators)
        {
            var outcome = await validator.ValidateAsync(message, cancellationToken);
            errors.AddRange(outcome.Errors.Select(failure => new ValidationError(
                JsonName(failure.PropertyName), failure.ErrorMessage, failure.ErrorCode, ValidationSeverity.Error)));
        }
        return errors.Count == 0 ? await next(message, cancellationToken) : FailedResult<TResponse>.From(Result.Invalid(errors));
    }

    /// <summary>
    /// Field names as the client wrote them in JSON: "GitUrl" → "gitUrl", and a list element's property
    /// "Tasks[2].DependsOn" → "tasks[2].dependsOn". Other segments stay as written (map keys: "envVars.PATH").
    /// </summary>
    private static string JsonName(string propertyName)
    {
        if (string.IsNullOrEmpty(propertyName)) return propertyName;
        var parts = propertyName.Split('.');
        for (var i = 0; i < parts.Length; i++)
            if (parts[i].Length > 0 && (i == 0 || parts[i - 1].EndsWith(']')))
                parts[i] = char.ToLowerInvariant(parts[i][0]) + parts[i][1..];
        return string.Join('.', parts);
    }
}
