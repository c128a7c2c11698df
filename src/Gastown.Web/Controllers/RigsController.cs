using Gastown.Application.Rigs;
using Gastown.Application.Rigs.DeleteRig;
using Gastown.Application.Rigs.GetAlarmStatus;
using Gastown.Application.Rigs.GetRig;
using Gastown.Application.Rigs.UpdateRig;
using Gastown.Application.Towns;
using Gastown.Application.Towns.DeleteTown;

namespace Gastown.Web.Controllers;

/// <summary>A rig: its details, settings, deletion (202, finished in the background) and its alarm's status.</summary>
[Route("api/rigs/{rigId}")]
public sealed class RigsController(ISender sender) : ResourceController
{
    public sealed record UpdateRigBody(string? Name, string? GitUrl, string? DefaultBranch, int? MaxPolecats, RigReviewPatch? Review = null)
    {
        public override string ToString() => $"UpdateRigBody {{ Name = {Name} }}";
    }

    /// <summary>The rig with its agents and its active (open and in-progress) beads.</summary>
    [HttpGet]
    [ProducesResponseType<RigDetails>(StatusCodes.Status200OK, "application/json")]
    public async Task<ActionResult<RigDetails>> GetRig(Guid rigId, CancellationToken ct) =>
        (await sender.Send(new GetRigQuery(rigId), ct)).ToHttp(this);

    [HttpPatch]
    [ProducesResponseType<RigResponse>(StatusCodes.Status200OK, "application/json")]
    [ProblemResponse(StatusCodes.Status409Conflict)]
    [ProblemResponse(StatusCodes.Status415UnsupportedMediaType)]
    public async Task<ActionResult<RigResponse>> UpdateRig(Guid rigId, UpdateRigBody body, CancellationToken ct) =>
        (await sender.Send(new UpdateRigCommand(rigId, body.Name, body.GitUrl, body.DefaultBranch, body.MaxPolecats, body.Review), ct)).ToHttp(this);

    [HttpDelete]
    [ProducesResponseType<DeletionResponse>(StatusCodes.Status202Accepted, "application/json")]
    public async Task<ActionResult<DeletionResponse>> DeleteRig(Guid rigId, CancellationToken ct) =>
        (await sender.Send(new DeleteRigCommand(rigId), ct)).ToHttp(this, StatusCodes.Status202Accepted);

    [HttpGet("alarm")]
    [ProducesResponseType<AlarmStatusResponse>(StatusCodes.Status200OK, "application/json")]
    public async Task<ActionResult<AlarmStatusResponse>> GetAlarmStatus(Guid rigId, CancellationToken ct) =>
        (await sender.Send(new GetAlarmStatusQuery(rigId), ct)).ToHttp(this);
}
