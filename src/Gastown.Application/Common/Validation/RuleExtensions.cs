namespace Gastown.Application.Common.Validation;

/// <summary>The field rules every procedure shares, so a name or an id is checked the same way everywhere.</summary>
public static class RuleExtensions
{
    public const int MaxNameLength = 64;

    /// <summary>1..64 characters, not blank, no control characters.</summary>
    public static IRuleBuilderOptions<T, string> MustBeName<T>(this IRuleBuilder<T, string> rule) =>
        rule.NotEmpty().WithMessage("'{PropertyName}' must not be empty.")
            .MaximumLength(MaxNameLength).WithMessage($"'{{PropertyName}}' must be at most {MaxNameLength} characters.")
            .Must(name => name is null || (!string.IsNullOrWhiteSpace(name) && !name.Any(char.IsControl)))
            .WithMessage("'{PropertyName}' must not be blank or contain control characters.");

    public const int MaxModelLength = 200;

    /// <summary>A bead title: 1..500 characters.</summary>
    public static IRuleBuilderOptions<T, string> MustBeBeadTitle<T>(this IRuleBuilder<T, string> rule) =>
        rule.NotEmpty().WithMessage("'{PropertyName}' must not be empty.")
            .MaximumLength(Bead.MaxTitleLength).WithMessage($"'{{PropertyName}}' must be at most {Bead.MaxTitleLength} characters.");

    /// <summary>An optional bead body: up to 100,000 characters.</summary>
    public static IRuleBuilderOptions<T, string?> MustBeBeadBody<T>(this IRuleBuilder<T, string?> rule) =>
        rule.MaximumLength(Bead.MaxBodyLength).WithMessage($"'{{PropertyName}}' must be at most {Bead.MaxBodyLength} characters.");

    /// <summary>An optional model name: up to 200 characters, no control characters.</summary>
    public static IRuleBuilderOptions<T, string?> MustBeModel<T>(this IRuleBuilder<T, string?> rule) =>
        rule.MaximumLength(MaxModelLength).Must(model => model is null || !model.Any(char.IsControl))
            .WithMessage($"'{{PropertyName}}' must be at most {MaxModelLength} characters with no control characters.");

    public static IRuleBuilderOptions<T, Guid> MustBeId<T>(this IRuleBuilder<T, Guid> rule) =>
        rule.NotEqual(Guid.Empty).WithMessage("'{PropertyName}' must be a UUID.");

    /// <summary>An optional list of blockers (bead ids): at most <see cref="Dispatch.Dependencies.MaxBlockers"/>, no empty id, no repeats.</summary>
    public static IRuleBuilderOptions<T, IReadOnlyList<Guid>?> MustBeDependsOn<T>(this IRuleBuilder<T, IReadOnlyList<Guid>?> rule) =>
        rule.Must(ids => ids is null || (ids.Count <= Dispatch.Dependencies.MaxBlockers && !ids.Contains(Guid.Empty) && ids.Distinct().Count() == ids.Count))
            .WithMessage($"'dependsOn' takes at most {Dispatch.Dependencies.MaxBlockers} distinct bead ids.")
            .OverridePropertyName("dependsOn");

    public const int MaxRequestIdLength = 200;

    /// <summary>An optional idempotency key: 1..200 characters, not blank, no control characters.</summary>
    public static IRuleBuilderOptions<T, string?> MustBeRequestId<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(id => id is null || (id.Length is > 0 and <= MaxRequestIdLength && !string.IsNullOrWhiteSpace(id) && !id.Any(char.IsControl)))
            .WithMessage($"'requestId' (the Idempotency-Key header) must be 1..{MaxRequestIdLength} characters, not blank, no control characters.")
            .OverridePropertyName("requestId");

    public const int MaxLabels = 20;
    public const int MaxLabelLength = 64;

    /// <summary>Optional labels: at most 20, each 1..64 characters, not blank, no control characters.</summary>
    public static IRuleBuilderOptions<T, IReadOnlyList<string>?> MustBeLabels<T>(this IRuleBuilder<T, IReadOnlyList<string>?> rule) =>
        rule.Must(labels => labels is null || (labels.Count <= MaxLabels
                && labels.All(label => !string.IsNullOrWhiteSpace(label) && label.Length <= MaxLabelLength && !label.Any(char.IsControl))))
            .WithMessage($"'labels' takes at most {MaxLabels} labels of 1..{MaxLabelLength} characters, not blank, no control characters.");

    /// <summary>The bead's own id is not among its blockers.</summary>
    public static IRuleBuilderOptions<T, IReadOnlyList<Guid>?> MustNotNameItself<T>(this IRuleBuilder<T, IReadOnlyList<Guid>?> rule, Func<T, Guid> beadId) =>
        rule.Must((command, ids) => ids is null || !ids.Contains(beadId(command)))
            .WithMessage("'dependsOn' must not name the bead itself.")
            .OverridePropertyName("dependsOn");

    /// <summary>An optional priority word: low, medium, high, critical.</summary>
    public static IRuleBuilderOptions<T, string?> MustBePriority<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(priority => priority is null || Domain.EnumText.TryParse<BeadPriority>(priority, out _))
            .WithMessage($"'priority' must be one of {string.Join(", ", Domain.EnumText.Names<BeadPriority>())}.");
}
