namespace Gastown.Application.Users.CreateUser;

internal sealed class CreateUserValidator : AbstractValidator<CreateUserCommand>
{
    public CreateUserValidator() => RuleFor(x => x.Name).MustBeName();
}
