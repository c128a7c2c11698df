namespace Gastown.Application.MayorApi.MayorSling;

internal sealed class MayorSlingValidator : AbstractValidator<MayorSlingCommand>
{
    public MayorSlingValidator()
    {
        RuleFor(x => x.Title).MustBeBeadTitle();
        RuleFor(x => x.Body).MustBeBeadBody();
        RuleFor(x => x.Model).MustBeModel();
        RuleFor(x => x.DependsOn).MustBeDependsOn();
        RuleFor(x => x.RequestId).MustBeRequestId();
    }
}
