namespace Gastown.Application.Common.Ports;

/// <summary>
/// What a merge did. <see cref="Commit"/> is the pushed merge commit (null when nothing was pushed: a gate failed,
/// or the request only checked). <see cref="BaseCommit"/> is the default branch the branch was merged onto and
/// tested against. <see cref="Gates"/> are the gates run, in order, up to the first failure. <see cref="NoChanges"/>: the
/// branch has no commit the default branch lacks, so there was nothing to merge (no commit, no gate run, nothing pushed).
/// </summary>
public sealed record MergeOutcome(string? Commit, string BaseCommit, IReadOnlyList<GateResult> Gates, bool NoChanges = false)
{
    public GateResult? FailedGate => Gates.FirstOrDefault(gate => !gate.Passed);
}
