namespace Gastown.Application.Users.RevokeTokens;

internal sealed class RevokeTokensValidator : AbstractValidator<RevokeTokensCommand>
{
    public RevokeTokensValidator() => RuleFor(x => x.UserName).MustBeName();
}
