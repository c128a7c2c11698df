namespace Gastown.Application.Rigs.UpdateRig;

/// <summary>
/// Gates are argument lists run without a shell, so each must be a non-empty list of non-empty strings without NUL;
/// their number and length are bounded, and so are the timeout and the rounds. Field names come out as
/// <c>review.gates</c>, … (the parent's property chain gives the prefix).
/// </summary>
internal sealed class RigReviewPatchValidator : AbstractValidator<RigReviewPatch>
{
    public RigReviewPatchValidator()
    {
        RuleFor(x => x.Gates!)
            .Must(gates => gates.Count <= RigReview.MaxGates)
            .WithMessage($"'review.gates' may hold at most {RigReview.MaxGates} commands.")
            .Must(gates => gates.All(IsValidGate))
            .WithMessage($"'review.gates' must hold commands as arrays of 1 to {RigReview.MaxArguments} non-empty strings of at most {RigReview.MaxArgumentLength} characters, e.g. [[\"dotnet\",\"test\"]].")
            .When(x => x.Gates is not null)
            .OverridePropertyName("gates");
        RuleFor(x => x.GateTimeout)
            .InclusiveBetween(RigReview.MinGateTimeoutSeconds, RigReview.MaxGateTimeoutSeconds)
            .When(x => x.GateTimeout is not null)
            .OverridePropertyName("gateTimeout")
            .WithMessage($"'review.gateTimeout' must be between {RigReview.MinGateTimeoutSeconds} and {RigReview.MaxGateTimeoutSeconds} seconds.");
        RuleFor(x => x.Mode)
            .Must(mode => EnumText.TryParse<RigReviewMode>(mode, out _))
            .When(x => x.Mode is not null)
            .OverridePropertyName("mode")
            .WithMessage($"'review.mode' must be one of {string.Join(", ", EnumText.Names<RigReviewMode>())}.");
        RuleFor(x => x.MaxReviewRounds)
            .InclusiveBetween(1, RigReview.MaxRounds)
            .When(x => x.MaxReviewRounds is not null)
            .OverridePropertyName("maxReviewRounds")
            .WithMessage($"'review.maxReviewRounds' must be between 1 and {RigReview.MaxRounds}.");
    }

    private static bool IsValidGate(IReadOnlyList<string>? gate) =>
        gate is { Count: > 0 and <= RigReview.MaxArguments }
        && gate.All(argument => !string.IsNullOrEmpty(argument) && argument.Length <= RigReview.MaxArgumentLength && !argument.Contains('\0'));
}
