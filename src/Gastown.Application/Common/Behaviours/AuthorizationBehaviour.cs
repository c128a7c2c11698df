using Microsoft.Extensions.DependencyInjection;

namespace Gastown.Application.Common.Behaviours;

/// <summary>
/// Before validation, so a stranger learns nothing from validation messages. Default deny: a request type with no
/// authorizer is a bug and throws.
/// </summary>
public sealed class AuthorizationBehaviour<TMessage, TResponse>(IServiceProvider services)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IMessage
    where TResponse : IResult
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var authorizer = services.GetService<IAuthorizer<TMessage>>()
            ?? throw new InvalidOperationException($"{typeof(TMessage).Name} has no IAuthorizer: every request must say who may send it.");

        var verdict = await authorizer.AuthorizeAsync(message, cancellationToken);
        return verdict.IsSuccess ? await next(message, cancellationToken) : FailedResult<TResponse>.From(verdict);
    }
}
