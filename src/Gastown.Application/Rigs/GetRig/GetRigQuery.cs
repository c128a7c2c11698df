using Gastown.Application.Agents;
using Gastown.Application.Beads;

namespace Gastown.Application.Rigs.GetRig;

public sealed record GetRigQuery(Guid RigId) : IQuery<Result<RigDetails>>, IRigRequest;

/// <summary>A rig with its agents and its active (open and in-progress) beads.</summary>
public sealed record RigDetails(
    Guid Id, Guid TownId, string Name, string GitUrl, string DefaultBranch,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    IReadOnlyList<AgentResponse> Agents, IReadOnlyList<BeadResponse> Beads,
    int? MaxPolecats = null, RigHealthResponse? Health = null, RigReviewResponse? Review = null);

internal sealed class GetRigHandler(ITownDirectory directory, ILedgerStores ledgers, BeadLinks links) : IQueryHandler<GetRigQuery, Result<RigDetails>>
{
    private const int MaxActiveBeads = 500;

    public async ValueTask<Result<RigDetails>> Handle(GetRigQuery query, CancellationToken cancellationToken)
    {
        var rig = await directory.GetRigAsync(query.RigId, cancellationToken);
        if (rig is null) return Result.NotFound("Rig not found.");

        await using var ledger = await ledgers.OpenAsync(rig.Id, LedgerAccess.Read, cancellationToken);
        var agents = await ledger.Agents.ListAsync(cancellationToken);
        var beads = await ledger.Beads.ListAsync(
            new BeadFilter(Statuses: [BeadStatus.Open, BeadStatus.InProgress], Limit: MaxActiveBeads), cancellationToken);

        var withUsage = await links.AttachAsync(await BeadUsageResponse.AttachAsync(ledger, BeadResponse.From(beads), cancellationToken), cancellationToken);
        return new RigDetails(rig.Id, rig.TownId, rig.Name, rig.GitUrl, rig.DefaultBranch, rig.CreatedAt, rig.UpdatedAt,
            AgentResponse.From(agents), withUsage, rig.MaxPolecats, RigHealthResponse.From(rig.Health),
            RigReviewResponse.From(rig.ReviewOrDefault));
    }
}
