using Gastown.Application.Convoys;
using Gastown.Application.Convoys.AddConvoyBead;
using Gastown.Application.Convoys.CloseConvoy;
using Gastown.Application.Convoys.CreateConvoy;
using Gastown.Application.Convoys.GetConvoy;
using Gastown.Application.Convoys.ListConvoys;
using Gastown.Application.Convoys.RemoveConvoyBead;
using Gastown.Application.Convoys.StartConvoy;

namespace Gastown.Web.Controllers;

/// <summary>A town's convoys (issue 23): a feature planned as a graph of beads across its rigs, run in order.</summary>
[Route("api/towns/{townId}/convoys")]
public sealed class ConvoysController(ISender sender) : ResourceController
{
    /// <param name="Tasks">The beads: <c>rig</c> a rig id or name of the town; <c>dependsOn</c> indexes into <c>tasks</c>.</param>
    /// <param name="Mode"><c>direct</c> (the default).</param>
    /// <param name="Staged">True: nothing is dispatched until <c>POST …/start</c>.</param>
    public sealed record CreateConvoyBody(string Title, List<ConvoyTask> Tasks, string? Mode = null, bool? Staged = null);

    /// <param name="DependsOn">Replaces the bead's blockers (bead ids of the town).</param>
    public sealed record AddBeadBody(Guid BeadId, List<Guid>? DependsOn = null);

    /// <summary>201 with the convoy's detail. Its beads, edges and the convoy commit together or not at all.</summary>
    [HttpPost]
    [ProducesResponseType<ConvoyDetailResponse>(StatusCodes.Status201Created, "application/json")]
    [ProblemResponse(StatusCodes.Status415UnsupportedMediaType)]
    public async Task<ActionResult<ConvoyDetailResponse>> CreateConvoy(
        Guid townId, CreateConvoyBody body, [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey, CancellationToken ct) =>
        (await sender.Send(new CreateConvoyCommand(townId, body.Title, body.Tasks ?? [], body.Mode, body.Staged ?? false, idempotencyKey), ct)).ToHttp(this);

    /// <summary>Newest first; <c>?status=</c> one of staged, active, blocked, landing, landed, closed.</summary>
    [HttpGet]
    [ProducesResponseType<IReadOnlyList<ConvoyResponse>>(StatusCodes.Status200OK, "application/json")]
    public async Task<ActionResult<IReadOnlyList<ConvoyResponse>>> ListConvoys(Guid townId, [FromQuery] string? status, CancellationToken ct) =>
        (await sender.Send(new ListConvoysQuery(townId, status), ct)).ToHttp(this);

    [HttpGet("{convoyId}")]
    [ProducesResponseType<ConvoyDetailResponse>(StatusCodes.Status200OK, "application/json")]
    public async Task<ActionResult<ConvoyDetailResponse>> GetConvoy(Guid townId, Guid convoyId, CancellationToken ct) =>
        (await sender.Send(new GetConvoyQuery(townId, convoyId), ct)).ToHttp(this);

    /// <summary>Staged → active (409 if not staged).</summary>
    [HttpPost("{convoyId}/start")]
    [ProducesResponseType<ConvoyDetailResponse>(StatusCodes.Status200OK, "application/json")]
    [ProblemResponse(StatusCodes.Status409Conflict)]
    public async Task<ActionResult<ConvoyDetailResponse>> StartConvoy(Guid townId, Guid convoyId, CancellationToken ct) =>
        (await sender.Send(new StartConvoyCommand(townId, convoyId), ct)).ToHttp(this);

    /// <summary>Cancels every open tracked bead, stops their agents, status <c>closed</c> (409 if landed or closed).</summary>
    [HttpPost("{convoyId}/close")]
    [ProducesResponseType<ConvoyDetailResponse>(StatusCodes.Status200OK, "application/json")]
    [ProblemResponse(StatusCodes.Status409Conflict)]
    public async Task<ActionResult<ConvoyDetailResponse>> CloseConvoy(Guid townId, Guid convoyId, CancellationToken ct) =>
        (await sender.Send(new CloseConvoyCommand(townId, convoyId), ct)).ToHttp(this);

    /// <summary>Adds an existing bead of the town (409 if it is in a convoy already).</summary>
    [HttpPost("{convoyId}/beads")]
    [ProducesResponseType<ConvoyDetailResponse>(StatusCodes.Status200OK, "application/json")]
    [ProblemResponse(StatusCodes.Status409Conflict)]
    [ProblemResponse(StatusCodes.Status415UnsupportedMediaType)]
    public async Task<ActionResult<ConvoyDetailResponse>> AddConvoyBead(Guid townId, Guid convoyId, AddBeadBody body, CancellationToken ct) =>
        (await sender.Send(new AddConvoyBeadCommand(townId, convoyId, body.BeadId, body.DependsOn), ct)).ToHttp(this);

    /// <summary>Stops tracking the bead (it stays in its rig).</summary>
    [HttpDelete("{convoyId}/beads/{beadId}")]
    [ProducesResponseType<ConvoyDetailResponse>(StatusCodes.Status200OK, "application/json")]
    [ProblemResponse(StatusCodes.Status409Conflict)]
    public async Task<ActionResult<ConvoyDetailResponse>> RemoveConvoyBead(Guid townId, Guid convoyId, Guid beadId, CancellationToken ct) =>
        (await sender.Send(new RemoveConvoyBeadCommand(townId, convoyId, beadId), ct)).ToHttp(this);
}
