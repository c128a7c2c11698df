using Gastown.Domain.Git;

namespace Gastown.Application.Rigs.UpdateRig;

/// <summary>
/// Changes a rig's name, git URL, default branch or polecat cap (null members stay as they are; a cap of 0 clears the
/// rig's own cap). A URL with a password in it moves the password into the rig's encrypted credentials (S1); a new
/// URL or branch is used from the next clone, fetch or merge, and its reachability is checked in the background.
/// The review config (gates, mode, rounds, branch hygiene) applies from the next merge.
/// </summary>
public sealed record UpdateRigCommand(Guid RigId, string? Name = null, string? GitUrl = null, string? DefaultBranch = null, int? MaxPolecats = null,
    RigReviewPatch? Review = null)
    : ICommand<Result<RigResponse>>, IRigRequest
{
    // The URL may carry a password until the handler takes it out.
    public override string ToString() => $"UpdateRigCommand {{ RigId = {RigId}, Name = {Name} }}";
}

internal sealed class UpdateRigHandler(
    ITownDirectory directory, ITownManagement management, ISecretProtector secrets, IManagementQueue background, TimeProvider clock)
    : ICommandHandler<UpdateRigCommand, Result<RigResponse>>
{
    public async ValueTask<Result<RigResponse>> Handle(UpdateRigCommand command, CancellationToken cancellationToken)
    {
        var rig = await directory.GetRigAsync(command.RigId, cancellationToken);
        if (rig is null) return Result.NotFound("Rig not found.");

        var now = clock.GetUtcNow();
        var url = command.GitUrl is null ? null : GitUrlUserInfo.Split(command.GitUrl);
        var repositoryChanged = (url is not null && url.Url != rig.GitUrl) || url is { HasPassword: true }
                                || (command.DefaultBranch is not null && command.DefaultBranch != rig.DefaultBranch);
        var updated = rig with
        {
            Name = command.Name ?? rig.Name,
            GitUrl = url?.Url ?? rig.GitUrl,
            DefaultBranch = command.DefaultBranch ?? rig.DefaultBranch,
            MaxPolecats = command.MaxPolecats is null ? rig.MaxPolecats : command.MaxPolecats == 0 ? null : command.MaxPolecats,
            Health = repositoryChanged ? new RigHealth(RigHealthStatus.Checking, null, now) : rig.Health,
            Review = command.Review is null ? rig.Review : Apply(rig.ReviewOrDefault, command.Review),
            UpdatedAt = now,
        };
        if (!await management.TryUpdateRigAsync(updated, cancellationToken))
            return Result.Conflict($"The town already has a rig named '{updated.Name}'.");

        if (url is { Username: { } user, Password: { } password })
            await management.SetRigCredentialsAsync(rig.Id, new StoredGitCredentials(user, secrets.Protect(password)), CancellationToken.None);
        if (repositoryChanged) background.CheckRigHealth(rig.Id);
        return RigResponse.From(updated);
    }

    private static RigReview Apply(RigReview current, RigReviewPatch patch) => current with
    {
        Gates = patch.Gates is null ? current.Gates : [.. patch.Gates.Select(gate => (IReadOnlyList<string>)[.. gate])],
        GateTimeoutSeconds = patch.GateTimeout ?? current.GateTimeoutSeconds,
        Mode = patch.Mode is null ? current.Mode : EnumText.Parse<RigReviewMode>(patch.Mode),
        MaxReviewRounds = patch.MaxReviewRounds ?? current.MaxReviewRounds,
        DeleteMergedBranches = patch.DeleteMergedBranches ?? current.DeleteMergedBranches,
    };
}
