using Gastown.Application.Agents;
using Gastown.Application.Agents.ListAgents;
using Gastown.Application.Beads;
using Gastown.Application.Beads.GetBeadEvents;
using Gastown.Application.Beads.HoldBead;
using Gastown.Application.Beads.ReleaseBead;
using Gastown.Application.Beads.SlingBead;
using Gastown.Application.Rigs.GetRig;
using Gastown.Web.Http;
using Gastown.Web.Security;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Gastown.Web.Controllers;

[ApiController]
[Route("api/rigs/{rigId}")]
[Authorize(Policy = AuthenticationPlanes.UserPolicy)]
[ProblemResponse(StatusCodes.Status400BadRequest)]
[ProblemResponse(StatusCodes.Status401Unauthorized)]
[ProblemResponse(StatusCodes.Status404NotFound)]
public sealed class RigsController(ISender sender) : ControllerBase
{
    /// <param name="DependsOn">Beads of this town (any rig) that must be merged before this one is dispatched.</param>
    public sealed record SlingBody(string Title, string? Body = null, string? Model = null, List<Guid>? DependsOn = null);

    /// <summary>The rig with its agents and its active (open and in-progress) beads.</summary>
    [HttpGet]
    [ProducesResponseType<RigDetails>(StatusCodes.Status200OK, "application/json")]
    public async Task<ActionResult<RigDetails>> GetRig(Guid rigId, CancellationToken ct) =>
        (await sender.Send(new GetRig(rigId), ct)).ToHttp(this);

    /// <summary>Newest first; the next page's cursor comes in the X-Next-Cursor header (absent on the last page).</summary>
    [HttpGet("beads")]
    [NextCursorHeader]
    [ProducesResponseType<IReadOnlyList<BeadResponse>>(StatusCodes.Status200OK, "application/json")]
    public async Task<ActionResult<IReadOnlyList<BeadResponse>>> ListBeads(
        Guid rigId, [FromQuery] string? status, [FromQuery] int limit = Application.Beads.ListBeads.ListBeads.DefaultLimit, [FromQuery] string? cursor = null,
        CancellationToken ct = default) =>
        (await sender.Send(new Application.Beads.ListBeads.ListBeads(rigId, status, limit, cursor), ct)).ToHttp(this);

    /// <summary>The bead's ledger, oldest first.</summary>
    [HttpGet("beads/{beadId}/events")]
    [ProducesResponseType<IReadOnlyList<BeadEventResponse>>(StatusCodes.Status200OK, "application/json")]
    public async Task<ActionResult<IReadOnlyList<BeadEventResponse>>> GetBeadEvents(Guid rigId, Guid beadId, CancellationToken ct) =>
        (await sender.Send(new GetBeadEvents(rigId, beadId), ct)).ToHttp(this);

    /// <summary>
    /// 201 at once: the bead, the polecat it is hooked to (null when queued) and whether it is queued. With an
    /// <c>Idempotency-Key</c> header, a retry within 24 h answers the first response again and slings nothing.
    /// </summary>
    [HttpPost("sling")]
    [ProducesResponseType<SlingResponse>(StatusCodes.Status201Created, "application/json")]
    [ProblemResponse(StatusCodes.Status415UnsupportedMediaType)]
    public async Task<ActionResult<SlingResponse>> Sling(
        Guid rigId, SlingBody body, [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey, CancellationToken ct) =>
        (await sender.Send(new SlingBead(rigId, body.Title, body.Body, body.Model, body.DependsOn, idempotencyKey), ct)).ToHttp(this);

    /// <summary>Holds the bead: never dispatched until released (a running agent is not stopped).</summary>
    [HttpPost("beads/{beadId}/hold")]
    [ProducesResponseType<BeadResponse>(StatusCodes.Status200OK, "application/json")]
    [ProblemResponse(StatusCodes.Status409Conflict)]
    public async Task<ActionResult<BeadResponse>> HoldBead(Guid rigId, Guid beadId, CancellationToken ct) =>
        (await sender.Send(new HoldBead(rigId, beadId), ct)).ToHttp(this);

    /// <summary>Releases a hold: dispatched as soon as its blockers have merged.</summary>
    [HttpPost("beads/{beadId}/release")]
    [ProducesResponseType<BeadResponse>(StatusCodes.Status200OK, "application/json")]
    [ProblemResponse(StatusCodes.Status409Conflict)]
    public async Task<ActionResult<BeadResponse>> ReleaseBead(Guid rigId, Guid beadId, CancellationToken ct) =>
        (await sender.Send(new ReleaseBead(rigId, beadId), ct)).ToHttp(this);

    [HttpGet("agents")]
    [ProducesResponseType<IReadOnlyList<AgentResponse>>(StatusCodes.Status200OK, "application/json")]
    public async Task<ActionResult<IReadOnlyList<AgentResponse>>> ListAgents(Guid rigId, CancellationToken ct) =>
        (await sender.Send(new ListAgents(rigId), ct)).ToHttp(this);
}
