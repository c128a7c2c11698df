using Ardalis.Result;
using Gastown.Application.Common.Ports;
using Gastown.Application.Dispatch;

namespace Gastown.Application.Beads.SlingBead;

/// <summary>
/// A sling with its dependencies, the one implementation behind the user's sling (<see cref="SlingBead"/>) and the
/// mayor's (gt_sling): the blockers are found among the town's rigs first (another town's bead → 404), then the bead is
/// slung with them, and the answer carries its dependency fields.
/// </summary>
internal sealed class DependentSling(Slinger slinger, ITownDirectory directory, Dependencies dependencies, BeadLinks links)
{
    public async Task<Result<SlingResponse>> SlingAsync(
        Guid rigId, string title, string? body, string? model, IReadOnlyList<Guid>? dependsOn, string createdBy, CancellationToken ct)
    {
        SlingBlockers? blockers = null;
        if (dependsOn is { Count: > 0 })
        {
            var townId = (await directory.GetRigAsync(rigId, ct))!.TownId;
            var located = await dependencies.LocateAsync(townId, rigId, dependsOn, ct);
            if (!located.IsSuccess) return located.Map();
            blockers = new SlingBlockers(townId, located.Value);
        }
        var slung = SlingResponse.From(await slinger.SlingAsync(rigId, title, body, model, createdBy, ct, blockers));
        return Result.Created(blockers is null ? slung : slung with { Bead = await links.AttachAsync(slung.Bead, ct) });
    }
}
