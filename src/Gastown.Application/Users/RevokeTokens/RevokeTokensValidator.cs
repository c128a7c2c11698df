using FluentValidation;
using Gastown.Application.Common.Validation;

namespace Gastown.Application.Users.RevokeTokens;

internal sealed class RevokeTokensValidator : AbstractValidator<RevokeTokens>
{
    public RevokeTokensValidator() => RuleFor(x => x.UserName).MustBeName();
}
