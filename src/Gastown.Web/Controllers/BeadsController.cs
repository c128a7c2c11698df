using Gastown.Application.Beads;
using Gastown.Application.Beads.CancelBead;
using Gastown.Application.Beads.DeleteBead;
using Gastown.Application.Beads.GetBead;
using Gastown.Application.Beads.GetBeadEvents;
using Gastown.Application.Beads.GetRunTranscript;
using Gastown.Application.Beads.HoldBead;
using Gastown.Application.Beads.ListBeadRuns;
using Gastown.Application.Beads.ReleaseBead;
using Gastown.Application.Beads.RetryBead;
using Gastown.Application.Beads.SlingBead;
using Gastown.Application.Beads.UpdateBead;

namespace Gastown.Web.Controllers;

/// <summary>A rig's beads: sling, list, read (events, runs, transcripts) and control (edit, hold, release, cancel, retry, delete).</summary>
[Route("api/rigs/{rigId}/beads")]
public sealed class BeadsController(ISender sender) : ResourceController
{
    /// <param name="DependsOn">Beads of this town (any rig) that must be merged before this one is dispatched.</param>
    public sealed record SlingBody(string Title, string? Body = null, string? Model = null, List<Guid>? DependsOn = null);

    /// <param name="DependsOn">Replaces the bead's blockers (beads of this town, any rig); <c>[]</c> clears them; absent keeps them.</param>
    public sealed record UpdateBeadBody(string? Title, string? Body, string? Priority, List<string>? Labels, List<Guid>? DependsOn = null);

    /// <summary>Newest first; the next page's cursor comes in the X-Next-Cursor header (absent on the last page).</summary>
    [HttpGet]
    [NextCursorHeader]
    [ProducesResponseType<IReadOnlyList<BeadResponse>>(StatusCodes.Status200OK, "application/json")]
    public async Task<ActionResult<IReadOnlyList<BeadResponse>>> ListBeads(
        Guid rigId, [FromQuery] string? status, [FromQuery] int limit = Application.Beads.ListBeads.ListBeadsQuery.DefaultLimit, [FromQuery] string? cursor = null,
        CancellationToken ct = default) =>
        (await sender.Send(new Application.Beads.ListBeads.ListBeadsQuery(rigId, status, limit, cursor), ct)).ToHttp(this);

    /// <summary>One bead, with its dependencies.</summary>
    [HttpGet("{beadId}")]
    [ProducesResponseType<BeadResponse>(StatusCodes.Status200OK, "application/json")]
    public async Task<ActionResult<BeadResponse>> GetBead(Guid rigId, Guid beadId, CancellationToken ct) =>
        (await sender.Send(new GetBeadQuery(rigId, beadId), ct)).ToHttp(this);

    /// <summary>The bead's ledger, oldest first.</summary>
    [HttpGet("{beadId}/events")]
    [ProducesResponseType<IReadOnlyList<BeadEventResponse>>(StatusCodes.Status200OK, "application/json")]
    public async Task<ActionResult<IReadOnlyList<BeadEventResponse>>> GetBeadEvents(Guid rigId, Guid beadId, CancellationToken ct) =>
        (await sender.Send(new GetBeadEventsQuery(rigId, beadId), ct)).ToHttp(this);

    /// <summary>The bead's finished runs, oldest first: agent, generation, start, end, exit code and usage.</summary>
    [HttpGet("{beadId}/runs")]
    [ProducesResponseType<IReadOnlyList<AgentRunResponse>>(StatusCodes.Status200OK, "application/json")]
    public async Task<ActionResult<IReadOnlyList<AgentRunResponse>>> ListBeadRuns(Guid rigId, Guid beadId, CancellationToken ct) =>
        (await sender.Send(new ListBeadRunsQuery(rigId, beadId), ct)).ToHttp(this);

    /// <summary>A finished run's stored transcript, oldest first: the entries after sequence <c>after</c>, at most <c>limit</c>; <c>nextAfter</c> pages on.</summary>
    [HttpGet("{beadId}/runs/{runId}/transcript")]
    [ProducesResponseType<TranscriptPage>(StatusCodes.Status200OK, "application/json")]
    public async Task<ActionResult<TranscriptPage>> GetRunTranscript(
        Guid rigId, Guid beadId, Guid runId, [FromQuery] long after = 0, [FromQuery] int limit = Application.Beads.GetRunTranscript.GetRunTranscriptQuery.DefaultLimit,
        CancellationToken ct = default) =>
        (await sender.Send(new GetRunTranscriptQuery(rigId, beadId, runId, after, limit), ct)).ToHttp(this);

    /// <summary>
    /// 201 at once: the bead, the polecat it is hooked to (null when queued) and whether it is queued. With an
    /// <c>Idempotency-Key</c> header, a retry within 24 h answers the first response again and slings nothing.
    /// </summary>
    [HttpPost("~/api/rigs/{rigId}/sling")]
    [ProducesResponseType<SlingResponse>(StatusCodes.Status201Created, "application/json")]
    [ProblemResponse(StatusCodes.Status415UnsupportedMediaType)]
    public async Task<ActionResult<SlingResponse>> Sling(
        Guid rigId, SlingBody body, [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey, CancellationToken ct) =>
        (await sender.Send(new SlingBeadCommand(rigId, body.Title, body.Body, body.Model, body.DependsOn, idempotencyKey), ct))
            .ToHttp(this, slung => $"/api/rigs/{rigId}/beads/{slung.Bead.Id}");

    /// <summary>Holds the bead: never dispatched until released (a running agent is not stopped).</summary>
    [HttpPost("{beadId}/hold")]
    [ProducesResponseType<BeadResponse>(StatusCodes.Status200OK, "application/json")]
    [ProblemResponse(StatusCodes.Status409Conflict)]
    public async Task<ActionResult<BeadResponse>> HoldBead(Guid rigId, Guid beadId, CancellationToken ct) =>
        (await sender.Send(new HoldBeadCommand(rigId, beadId), ct)).ToHttp(this);

    /// <summary>Releases a hold: dispatched as soon as its blockers have merged.</summary>
    [HttpPost("{beadId}/release")]
    [ProducesResponseType<BeadResponse>(StatusCodes.Status200OK, "application/json")]
    [ProblemResponse(StatusCodes.Status409Conflict)]
    public async Task<ActionResult<BeadResponse>> ReleaseBead(Guid rigId, Guid beadId, CancellationToken ct) =>
        (await sender.Send(new ReleaseBeadCommand(rigId, beadId), ct)).ToHttp(this);

    [HttpPatch("{beadId}")]
    [ProducesResponseType<BeadResponse>(StatusCodes.Status200OK, "application/json")]
    [ProblemResponse(StatusCodes.Status415UnsupportedMediaType)]
    public async Task<ActionResult<BeadResponse>> UpdateBead(Guid rigId, Guid beadId, UpdateBeadBody body, CancellationToken ct) =>
        (await sender.Send(new UpdateBeadCommand(rigId, beadId, body.Title, body.Body, body.Priority, body.Labels, body.DependsOn), ct)).ToHttp(this);

    [HttpDelete("{beadId}")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    public async Task<ActionResult> DeleteBead(Guid rigId, Guid beadId, CancellationToken ct) =>
        (await sender.Send(new DeleteBeadCommand(rigId, beadId), ct)).ToHttp(this);

    [HttpPost("{beadId}/cancel")]
    [ProducesResponseType<BeadResponse>(StatusCodes.Status200OK, "application/json")]
    [ProblemResponse(StatusCodes.Status409Conflict)]
    public async Task<ActionResult<BeadResponse>> CancelBead(Guid rigId, Guid beadId, CancellationToken ct) =>
        (await sender.Send(new CancelBeadCommand(rigId, beadId), ct)).ToHttp(this);

    [HttpPost("{beadId}/retry")]
    [ProducesResponseType<BeadResponse>(StatusCodes.Status200OK, "application/json")]
    [ProblemResponse(StatusCodes.Status409Conflict)]
    public async Task<ActionResult<BeadResponse>> RetryBead(Guid rigId, Guid beadId, CancellationToken ct) =>
        (await sender.Send(new RetryBeadCommand(rigId, beadId), ct)).ToHttp(this);
}
