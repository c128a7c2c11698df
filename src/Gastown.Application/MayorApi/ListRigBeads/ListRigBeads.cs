using Ardalis.Result;
using Gastown.Application.Common.Ports;
using Gastown.Application.Common.Security;
using Gastown.Domain;
using Gastown.Domain.Beads;
using Mediator;

namespace Gastown.Application.MayorApi.ListRigBeads;

/// <summary>The newest beads of one rig of the mayor's town, optionally of one status.</summary>
public sealed record ListRigBeads(Guid AgentId, Guid RigId, string? Status = null) : IQuery<Result<IReadOnlyList<Bead>>>, IMayorRigRequest
{
    public const int Limit = 100;
}

internal sealed class ListRigBeadsHandler(ILedgerStores ledgers) : IQueryHandler<ListRigBeads, Result<IReadOnlyList<Bead>>>
{
    public async ValueTask<Result<IReadOnlyList<Bead>>> Handle(ListRigBeads query, CancellationToken cancellationToken)
    {
        await using var ledger = await ledgers.OpenAsync(query.RigId, LedgerAccess.Read, cancellationToken);
        IReadOnlyList<BeadStatus>? statuses = query.Status is null ? null : [EnumText.Parse<BeadStatus>(query.Status)];
        return Result.Success(await ledger.ListBeadsAsync(new BeadFilter(statuses, Limit: ListRigBeads.Limit), cancellationToken));
    }
}
