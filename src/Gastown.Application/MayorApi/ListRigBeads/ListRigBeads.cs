using Ardalis.Result;
using Gastown.Application.Common.Ports;
using Gastown.Application.Common.Security;
using Gastown.Domain.Beads;
using Mediator;

namespace Gastown.Application.MayorApi.ListRigBeads;

/// <summary>The newest beads of one rig of the mayor's town.</summary>
public sealed record ListRigBeads(Guid AgentId, Guid RigId) : IQuery<Result<IReadOnlyList<Bead>>>, IMayorRigRequest
{
    public const int Limit = 100;
}

internal sealed class ListRigBeadsHandler(ILedgerStores ledgers) : IQueryHandler<ListRigBeads, Result<IReadOnlyList<Bead>>>
{
    public async ValueTask<Result<IReadOnlyList<Bead>>> Handle(ListRigBeads query, CancellationToken cancellationToken)
    {
        await using var ledger = await ledgers.OpenAsync(query.RigId, LedgerAccess.Read, cancellationToken);
        return Result.Success(await ledger.ListBeadsAsync(new BeadFilter(Limit: ListRigBeads.Limit), cancellationToken));
    }
}
