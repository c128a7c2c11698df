namespace Gastown.Application.Rigs.CheckRigHealth;

/// <summary>
/// The background reachability check after createRig and updateRig, sent by the management worker as the system:
/// <c>git ls-remote</c> with the rig's credentials, bounded in time; the outcome is the rig's health.
/// </summary>
public sealed record CheckRigHealthCommand(Guid RigId) : ICommand<Result<RigHealthResponse>>, ISystemRequest;

internal sealed class CheckRigHealthHandler(
    ITownDirectory directory, ITownManagement management, TownSettings settings, IRepositoryProbe probe, TimeProvider clock)
    : ICommandHandler<CheckRigHealthCommand, Result<RigHealthResponse>>
{
    public async ValueTask<Result<RigHealthResponse>> Handle(CheckRigHealthCommand command, CancellationToken cancellationToken)
    {
        var rig = await directory.GetRigAsync(command.RigId, cancellationToken);
        if (rig is null) return Result.NotFound("Rig not found.");

        var repository = await settings.RepositoryAsync(new RepositoryRef(rig.Id, rig.GitUrl, rig.DefaultBranch), cancellationToken);
        var problem = await probe.ProblemAsync(repository, cancellationToken);
        var health = problem is null
            ? new RigHealth(RigHealthStatus.Ok, null, clock.GetUtcNow())
            : new RigHealth(RigHealthStatus.Unreachable, problem, clock.GetUtcNow());

        // The rig may have been changed meanwhile (a newer check is queued then) or deleted: record only for the same URL.
        if (await directory.GetRigAsync(rig.Id, cancellationToken) is { } current && current.GitUrl == rig.GitUrl)
            await management.SetRigHealthAsync(rig.Id, health, cancellationToken);
        return RigHealthResponse.From(health)!;
    }
}
