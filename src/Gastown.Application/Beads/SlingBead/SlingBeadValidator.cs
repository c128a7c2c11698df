namespace Gastown.Application.Beads.SlingBead;

internal sealed class SlingBeadValidator : AbstractValidator<SlingBeadCommand>
{
    public SlingBeadValidator()
    {
        RuleFor(x => x.Title).MustBeBeadTitle();
        RuleFor(x => x.Body).MustBeBeadBody();
        RuleFor(x => x.Model).MustBeModel();
        RuleFor(x => x.DependsOn).MustBeDependsOn();
        RuleFor(x => x.RequestId).MustBeRequestId();
    }
}
