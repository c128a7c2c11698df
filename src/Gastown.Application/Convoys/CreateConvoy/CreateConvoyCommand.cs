using Gastown.Application.Dispatch;

namespace Gastown.Application.Convoys.CreateConvoy;

/// <summary>
/// Plans a feature as a graph of beads across the town's rigs. Everything is validated before anything is written
/// (a rig of no rig of the town → 400 naming <c>tasks[i].rig</c>; a bad index or a cycle → <c>tasks[i].dependsOn</c>).
/// The beads, their edges and the convoy then commit together or not at all: the convoy is written first as
/// <c>creating</c>, its beads go into their rigs held by it (invisible to dispatch), and only then does it become
/// <c>staged</c> or <c>active</c>; a crash in between is rolled back by recovery (decision 0025).
/// </summary>
public sealed record CreateConvoyCommand(
    Guid TownId, string Title, IReadOnlyList<ConvoyTask> Tasks, string? Mode = null, bool Staged = false, string? RequestId = null)
    : ICommand<Result<ConvoyDetailResponse>>, ITownOrMayorRequest, IIdempotentRequest;

internal sealed class CreateConvoyHandler(
    ITownDirectory directory, ILedgerStores ledgers, IConvoyStore convoys, IDependencyGraph graph, ConvoyTracker tracker, ConvoyViews views,
    ICurrentActor current, TimeProvider clock)
    : ICommandHandler<CreateConvoyCommand, Result<ConvoyDetailResponse>>
{
    public async ValueTask<Result<ConvoyDetailResponse>> Handle(CreateConvoyCommand command, CancellationToken cancellationToken)
    {
        var ct = cancellationToken;
        var rigs = await directory.ListRigsAsync(command.TownId, ct);
        var placed = new Rig[command.Tasks.Count];
        var unknown = new List<ValidationError>();
        for (var i = 0; i < command.Tasks.Count; i++)
        {
            var name = command.Tasks[i].Rig;
            var rig = Guid.TryParse(name, out var id) ? rigs.FirstOrDefault(r => r.Id == id) : null;
            rig ??= rigs.FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.Ordinal));
            if (rig is null) unknown.Add(new ValidationError($"tasks[{i}].rig", $"'tasks[{i}].rig' names no rig of this town: {name}."));
            else placed[i] = rig;
        }
        if (unknown.Count > 0) return Result.Invalid(unknown);

        var now = clock.GetUtcNow();
        var convoy = new Convoy(Guid.NewGuid(), command.TownId, command.Title,
            command.Mode is null ? ConvoyMode.Direct : EnumText.Parse<ConvoyMode>(command.Mode), ConvoyStatus.Creating, command.Staged, now, now);
        // Who slung it, as a plain sling says it: the user, or "mayor:<agent id>" for the mayor's gt_sling_batch.
        var slungBy = current.Actor.Agent is { } mayor ? $"mayor:{mayor.AgentId}" : current.Actor.UserId!.Value.ToString();
        var beads = command.Tasks.Select((task, i) =>
        {
            var metadata = new Dictionary<string, string> { ["model"] = task.Model ?? Slinger.DefaultModel, ["slung_by"] = slungBy, ["convoy_id"] = convoy.Id.ToString() };
            var created = Bead.Create(BeadType.Issue, task.Title, string.IsNullOrEmpty(task.Body) ? null : task.Body, now,
                task.Priority is null ? BeadPriority.Medium : EnumText.Parse<BeadPriority>(task.Priority), metadata);
            var bead = created.State with
            {
                Labels = [.. (task.Labels ?? []).Distinct(StringComparer.Ordinal)], Hold = BeadHold.Convoy, ConvoyId = convoy.Id,
            };
            return created with { State = bead };
        }).ToList();
        var members = beads.Select((bead, i) => new ConvoyBead(convoy.Id, bead.State.Id, placed[i].Id, i)).ToList();

        await convoys.InsertAsync(convoy, members, ct);
        try
        {
            var sets = command.Tasks.Select((task, i) => new BlockerSet(new BeadNode(members[i].BeadId, members[i].StoreId),
                    [.. (task.DependsOn ?? []).Select(index => new BlockerRef(members[index].BeadId, members[index].StoreId, Closed: false))]))
                .Where(set => set.Blockers.Count > 0).ToList();
            if (sets.Count > 0 && await graph.TrySetBlockersAsync(command.TownId, sets, now, ct) is { } cyclic)
                throw new InvalidOperationException($"Validated tasks made a cycle at bead {cyclic}.");

            foreach (var rig in members.GroupBy(member => member.StoreId))
            {
                await using var ledger = await ledgers.OpenAsync(rig.Key, LedgerAccess.Write, ct);
                foreach (var member in rig)
                {
                    var created = beads[member.Position];
                    var dependsOn = command.Tasks[member.Position].DependsOn ?? [];
                    var bead = created.State with { OpenBlockers = dependsOn.Count };
                    await ledger.InsertAsync(created with
                    {
                        State = bead,
                        Events =
                        [
                            .. created.Events,
                            BeadEvent.Of(bead.Id, null, BeadEventType.JoinedConvoy, now, newValue: convoy.Id.ToString()),
                            .. dependsOn.Count > 0 ? bead.ChangeDependencies([.. dependsOn.Select(index => members[index].BeadId)], now).Events : [],
                        ],
                    }, ct);
                }
                await ledger.CommitAsync(ct);
            }
            if (!await convoys.TryTransitionAsync(convoy.Id, [ConvoyStatus.Creating], command.Staged ? ConvoyStatus.Staged : ConvoyStatus.Active, now, ct))
                throw new InvalidOperationException("The convoy was rolled back while it was being created.");
        }
        catch
        {
            await tracker.RollBackAsync(convoy.Id, CancellationToken.None);
            throw;
        }

        if (!command.Staged) await tracker.ReleaseAsync(convoy.Id, ct);
        var written = (await convoys.GetAsync(convoy.Id, ct))!;
        await tracker.AnnounceAsync(written, ConvoyEventType.Created, $"{command.Tasks.Count} beads{(command.Staged ? ", staged" : "")}.", ct);
        return Result.Created(await views.DetailAsync(written, ct));
    }
}
