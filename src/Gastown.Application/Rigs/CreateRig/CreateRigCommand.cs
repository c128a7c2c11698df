using Gastown.Domain.Git;

namespace Gastown.Application.Rigs.CreateRig;

public sealed record CreateRigCommand(Guid TownId, string Name, string GitUrl, string? DefaultBranch)
    : ICommand<Result<RigResponse>>, ITownRequest
{
    // The URL may carry a password until the handler takes it out (S1).
    public override string ToString() => $"CreateRigCommand {{ TownId = {TownId}, Name = {Name} }}";
}

/// <summary>Makes the rig's ledger store, then adds the rig to the directory; a failure at either step leaves nothing behind.</summary>
internal sealed class CreateRigHandler(
    ITownDirectory directory, ILedgerStores ledgers, TimeProvider clock,
    ITownManagement management, ISecretProtector secrets, IManagementQueue background)
    : ICommandHandler<CreateRigCommand, Result<RigResponse>>
{
    public async ValueTask<Result<RigResponse>> Handle(CreateRigCommand command, CancellationToken cancellationToken)
    {
        var town = await directory.GetTownAsync(command.TownId, cancellationToken);
        if (town is null) return Result.NotFound("Town not found.");

        var now = clock.GetUtcNow();
        // A password in the URL moves into the rig's encrypted credentials; the URL is kept without it (S1).
        var url = GitUrlUserInfo.Split(command.GitUrl);
        var rig = new Rig(Guid.NewGuid(), town.Id, command.Name, url.Url,
            command.DefaultBranch ?? Rig.DefaultBranchName, now, now, Health: new RigHealth(RigHealthStatus.Checking, null, now));

        // The store first, then the directory row: a crash in between leaves an unreachable file, never a rig
        // without its store.
        var identity = new LedgerIdentity(rig.Id, LedgerKind.Rig, town.Id, town.OwnerUserId, rig.Name, rig.GitUrl, rig.DefaultBranch);
        var store = await ledgers.CreateAsync(identity, cancellationToken);
        if (!store.IsSuccess) return store;

        bool added;
        try
        {
            added = await directory.TryAddRigAsync(rig, cancellationToken);
        }
        catch
        {
            await ledgers.DeleteAsync(rig.Id, CancellationToken.None);
            throw;
        }
        if (added)
        {
            if (url is { Username: { } user, Password: { } password })
                await management.SetRigCredentialsAsync(rig.Id, new StoredGitCredentials(user, secrets.Protect(password)), CancellationToken.None);
            background.CheckRigHealth(rig.Id);
            return Result.Created(RigResponse.From(rig));
        }

        // CancellationToken.None: the undo must happen even if the caller has gone.
        await ledgers.DeleteAsync(rig.Id, CancellationToken.None);
        return Result.Conflict($"The town already has a rig named '{command.Name}'.");
    }
}
