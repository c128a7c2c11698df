using Gastown.Application.Reviews;
using Gastown.Application.Common.Telemetry;
using Gastown.Application.Dispatch;

namespace Gastown.Application.AgentApi.Done;

/// <summary>A polecat says its work is finished: its branch joins the review queue.</summary>
public sealed record DoneCommand(Guid AgentId, string? Branch, string? Summary) : ICommand<Result<ReviewResponse>>, IAgentRequest
{
    public const int MaxSummaryLength = 10_000;
}

/// <summary>
/// Queues a review entry, unhooks the agent (idle) and arms the alarm, in one transaction; then stops the process.
/// The bead stays in progress until its merge lands.
/// </summary>
internal sealed class DoneHandler(AgentAccess access, ITownContainer container, TimeProvider clock) : ICommandHandler<DoneCommand, Result<ReviewResponse>>
{
    public async ValueTask<Result<ReviewResponse>> Handle(DoneCommand command, CancellationToken cancellationToken)
    {
        var opened = await access.OpenAsync(command.AgentId, LedgerAccess.Write, cancellationToken);
        if (!opened.IsSuccess) return opened.Map();
        await using var scope = opened.Value;

        var (ledger, agent, now) = (scope.Ledger, scope.Agent, clock.GetUtcNow());
        if (await scope.HookedBeadAsync(cancellationToken) is not { } bead) return Result.Conflict("Nothing is hooked to this agent.");

        using var span = GastownTracing.Start("done", ledger.Identity.StoreId, bead.Id, agent.Id);
        var entry = ReviewEntry.New(agent.Id, bead.Id, command.Branch ?? bead.WorkBranchFor(agent.Name), command.Summary, now, agent.NodeId);
        await ledger.Reviews.InsertAsync(entry, cancellationToken);
        await ledger.SaveAsync(agent.SubmitReview(entry, now), cancellationToken);
        await ledger.Alarm.ArmAsync(now, cancellationToken);
        await ledger.CommitAsync(cancellationToken);

        // After the commit: the process is told to stop (grace, then kill) without this call waiting for it.
        await container.StopAgentAsync(agent.Id, CancellationToken.None);
        return ReviewResponse.From(entry);
    }
}
