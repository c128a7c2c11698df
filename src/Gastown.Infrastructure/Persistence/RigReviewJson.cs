using Gastown.Domain.Rigs;

namespace Gastown.Infrastructure.Persistence;

/// <summary>The <c>rigs.review</c> column: a rig's review config as JSON (NULL = the defaults).</summary>
internal static class RigReviewJson
{
    private sealed record Shape(string[][] Gates, int GateTimeoutSeconds, string Mode, int MaxReviewRounds, bool DeleteMergedBranches);

    public static string? Write(RigReview? review) => review is null ? null : JsonSerializer.Serialize(new Shape(
        [.. review.Gates.Select(gate => gate.ToArray())], review.GateTimeoutSeconds, review.Mode.ToText(), review.MaxReviewRounds,
        review.DeleteMergedBranches));

    public static RigReview? Read(string? json)
    {
        if (json is null) return null;
        var shape = JsonSerializer.Deserialize<Shape>(json)!;
        return new RigReview([.. shape.Gates.Select(gate => (IReadOnlyList<string>)gate)], shape.GateTimeoutSeconds,
            EnumText.Parse<RigReviewMode>(shape.Mode), shape.MaxReviewRounds, shape.DeleteMergedBranches);
    }
}
