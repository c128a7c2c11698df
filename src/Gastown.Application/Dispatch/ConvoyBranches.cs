namespace Gastown.Application.Dispatch;

/// <summary>
/// Where a bead's work branches from and merges into (decision 0029): the rig's default branch, unless the bead is
/// tracked by a land-mode convoy — then that convoy's feature branch, created from the default branch by the container
/// the first time a polecat or a merge needs it. One directory read, only for a bead of a convoy.
/// </summary>
public sealed class ConvoyBranches(IConvoyStore convoys)
{
    public async Task<RepositoryRef> ForBeadAsync(RepositoryRef repository, Bead? bead, CancellationToken ct) =>
        bead?.ConvoyId is { } convoyId && await convoys.GetAsync(convoyId, ct) is { Mode: ConvoyMode.Land } convoy
            ? repository.OnFeatureBranch(convoy.FeatureBranch)
            : repository;
}
