using FluentValidation;

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

    public static IRuleBuilderOptions<T, Guid> MustBeId<T>(this IRuleBuilder<T, Guid> rule) =>
        rule.NotEqual(Guid.Empty).WithMessage("'{PropertyName}' must be a UUID.");
}
