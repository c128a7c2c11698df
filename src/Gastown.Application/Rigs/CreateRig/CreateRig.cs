using Ardalis.Result;
using Gastown.Application.Common.Ports;
using Gastown.Application.Common.Security;
using Gastown.Domain.Ledgers;
using Gastown.Domain.Rigs;
using Mediator;

namespace Gastown.Application.Rigs.CreateRig;

public sealed record CreateRig(Guid TownId, string Name, string GitUrl, string? DefaultBranch)
    : ICommand<Result<Rig>>, ITownRequest;

/// <summary>
/// Adds the rig to the directory, then makes its ledger store. If the store cannot be made, the directory row is
/// taken back, so a failed createRig leaves nothing behind.
/// </summary>
internal sealed class CreateRigHandler(ITownDirectory directory, ILedgerStores ledgers, TimeProvider clock)
    : ICommandHandler<CreateRig, Result<Rig>>
{
    public async ValueTask<Result<Rig>> Handle(CreateRig command, CancellationToken cancellationToken)
    {
        var town = await directory.GetTownAsync(command.TownId, cancellationToken);
        if (town is null) return Result.NotFound("Town not found.");

        var now = clock.GetUtcNow();
        var rig = new Rig(Guid.NewGuid(), town.Id, command.Name, command.GitUrl,
            command.DefaultBranch ?? Rig.DefaultBranchName, now, now);

        if (!await directory.TryAddRigAsync(rig, cancellationToken))
            return Result.Conflict($"The town already has a rig named '{command.Name}'.");

        var identity = new LedgerIdentity(rig.Id, LedgerKind.Rig, town.Id, town.OwnerUserId, rig.Name, rig.GitUrl, rig.DefaultBranch);
        var store = await ledgers.CreateAsync(identity, cancellationToken);
        if (store.IsSuccess) return Result.Created(rig);

        // CancellationToken.None: the undo must happen even if the caller has gone.
        await directory.RemoveRigAsync(rig.Id, CancellationToken.None);
        await ledgers.DeleteAsync(rig.Id, CancellationToken.None);
        return store;
    }
}
