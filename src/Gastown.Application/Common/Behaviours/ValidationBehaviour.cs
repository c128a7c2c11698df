using Ardalis.Result;
using FluentValidation;
using Mediator;

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

    /// <summary>Field names as the client wrote them in JSON: "GitUrl" → "gitUrl", "Tasks[2].DependsOn" → "tasks[2].dependsOn".</summary>
    private static string JsonName(string propertyName) =>
        string.IsNullOrEmpty(propertyName) ? propertyName
            : string.Join('.', propertyName.Split('.').Select(part => part.Length == 0 ? part : char.ToLowerInvariant(part[0]) + part[1..]));
}
