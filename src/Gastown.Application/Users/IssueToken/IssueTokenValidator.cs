namespace Gastown.Application.Users.IssueToken;

internal sealed class IssueTokenValidator : AbstractValidator<IssueTokenCommand>
{
    public IssueTokenValidator() => RuleFor(x => x.UserName).MustBeName();
}
