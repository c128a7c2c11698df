using FluentValidation;
using Gastown.Application.Common.Validation;

namespace Gastown.Application.Users.CreateUser;

internal sealed class CreateUserValidator : AbstractValidator<CreateUserCommand>
{
    public CreateUserValidator() => RuleFor(x => x.Name).MustBeName();
}
