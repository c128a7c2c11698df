using System.Text.Json.Serialization;
using Gastown.Application.Agents;
using Gastown.Application.AgentApi.CheckMail;
using Gastown.Application.AgentApi.CloseBead;
using Gastown.Application.AgentApi.Done;
using Gastown.Application.AgentApi.DoneWithoutChanges;
using Gastown.Application.AgentApi.Escalate;
using Gastown.Application.AgentApi.Heartbeat;
using Gastown.Application.AgentApi.Prime;
using Gastown.Application.AgentApi.SaveCheckpoint;
using Gastown.Application.AgentApi.SendMail;
using Gastown.Application.AgentApi.SetAgentStatus;
using Gastown.Application.AgentApi.UpdateBeadStatus;
using Gastown.Application.Beads;
using Gastown.Application.Mail;
using Gastown.Application.Reviews;

namespace Gastown.Web.Controllers;

/// <summary>An agent's own calls (the agent plane; see <see cref="AgentPlaneController"/> for who may call).</summary>
[Route("api/agent/{agentId}")]
public sealed class AgentApiController(ISender sender) : AgentPlaneController
{
    public sealed record StatusBody(string Status);

    public sealed record DoneBody(string? Branch = null, string? Summary = null);

    public sealed record NoChangesBody(string? Summary = null);

    public sealed record MailBody(string To, string Subject, string Body);

    public sealed record EscalationBody(string Title, string? Body = null, string? Priority = null);

    /// <summary>Any JSON value (an object, usually); absent or null is refused with 400.</summary>
    public sealed record CheckpointBody([property: JsonRequired] JsonElement? Data);

    public sealed record AgentStatusBody(string Message);

    /// <summary>What the agent needs to start: itself, its hooked bead, its unread mail and its open beads.</summary>
    [HttpGet("prime")]
    [ProducesResponseType<PrimeContext>(StatusCodes.Status200OK, "application/json")]
    public async Task<ActionResult<PrimeContext>> Prime(Guid agentId, CancellationToken ct) =>
        (await sender.Send(new PrimeQuery(agentId), ct)).ToHttp(this);

    /// <summary>open or in_progress; 409 when the bead is already closed or cancelled.</summary>
    [HttpPost("beads/{beadId}/status")]
    [ProducesResponseType<BeadResponse>(StatusCodes.Status200OK, "application/json")]
    [ProblemResponse(StatusCodes.Status415UnsupportedMediaType)]
    public async Task<ActionResult<BeadResponse>> UpdateBeadStatus(Guid agentId, Guid beadId, StatusBody body, CancellationToken ct) =>
        (await sender.Send(new UpdateBeadStatusCommand(agentId, beadId, body.Status), ct)).ToHttp(this);

    [HttpPost("beads/{beadId}/close")]
    [ProducesResponseType<BeadResponse>(StatusCodes.Status200OK, "application/json")]
    public async Task<ActionResult<BeadResponse>> CloseBead(Guid agentId, Guid beadId, CancellationToken ct) =>
        (await sender.Send(new CloseBeadCommand(agentId, beadId), ct)).ToHttp(this);

    /// <summary>The hooked work is finished: its branch joins the review queue. 409 when nothing is hooked.</summary>
    [HttpPost("done")]
    [ProducesResponseType<ReviewResponse>(StatusCodes.Status200OK, "application/json")]
    [ProblemResponse(StatusCodes.Status415UnsupportedMediaType)]
    public async Task<ActionResult<ReviewResponse>> Done(Guid agentId, DoneBody body, CancellationToken ct) =>
        (await sender.Send(new DoneCommand(agentId, body.Branch, body.Summary), ct)).ToHttp(this);

    /// <summary>
    /// The hooked bead truly needs no change (the summary says why): closed without a merge ("closed without changes").
    /// 400 without a summary; 409 when nothing is hooked.
    /// </summary>
    [HttpPost("done/no-changes")]
    [ProducesResponseType<BeadResponse>(StatusCodes.Status200OK, "application/json")]
    [ProblemResponse(StatusCodes.Status415UnsupportedMediaType)]
    public async Task<ActionResult<BeadResponse>> DoneWithoutChanges(Guid agentId, NoChangesBody body, CancellationToken ct) =>
        (await sender.Send(new DoneWithoutChangesCommand(agentId, body.Summary), ct)).ToHttp(this);

    /// <summary>Mail to another agent of the same store, named by id or identity; 404 when there is no such agent.</summary>
    [HttpPost("mail")]
    [ProducesResponseType<MailResponse>(StatusCodes.Status200OK, "application/json")]
    [ProblemResponse(StatusCodes.Status415UnsupportedMediaType)]
    public async Task<ActionResult<MailResponse>> SendMail(Guid agentId, MailBody body, CancellationToken ct) =>
        (await sender.Send(new SendMailCommand(agentId, body.To, body.Subject, body.Body), ct)).ToHttp(this);

    /// <summary>The unread mail, marked delivered by this call.</summary>
    [HttpGet("mail")]
    [ProducesResponseType<IReadOnlyList<MailResponse>>(StatusCodes.Status200OK, "application/json")]
    public async Task<ActionResult<IReadOnlyList<MailResponse>>> CheckMail(Guid agentId, CancellationToken ct) =>
        (await sender.Send(new CheckMailCommand(agentId), ct)).ToHttp(this);

    [HttpPost("escalations")]
    [ProducesResponseType<BeadResponse>(StatusCodes.Status201Created, "application/json")]
    [ProblemResponse(StatusCodes.Status415UnsupportedMediaType)]
    public async Task<ActionResult<BeadResponse>> Escalate(Guid agentId, EscalationBody body, CancellationToken ct) =>
        (await sender.Send(new EscalateCommand(agentId, body.Title, body.Body, body.Priority), ct)).ToHttp(this);

    [HttpPost("checkpoint")]
    [ProducesResponseType<AgentResponse>(StatusCodes.Status200OK, "application/json")]
    [ProblemResponse(StatusCodes.Status415UnsupportedMediaType)]
    public async Task<ActionResult<AgentResponse>> Checkpoint(Guid agentId, CheckpointBody body, CancellationToken ct) =>
        // Absent or null data becomes "", which the validator refuses by name (400), never an undefined element.
        (await sender.Send(new SaveCheckpointCommand(agentId, body.Data is { ValueKind: not (JsonValueKind.Undefined or JsonValueKind.Null) } data ? data.GetRawText() : ""), ct))
        .ToHttp(this);

    /// <summary>setAgentStatus (gt_status): the agent's one-line "what I am doing now".</summary>
    [HttpPost("status")]
    [ProducesResponseType<AgentResponse>(StatusCodes.Status200OK, "application/json")]
    [ProblemResponse(StatusCodes.Status415UnsupportedMediaType)]
    public async Task<ActionResult<AgentResponse>> SetStatus(Guid agentId, AgentStatusBody body, CancellationToken ct) =>
        (await sender.Send(new SetAgentStatusCommand(agentId, body.Message), ct)).ToHttp(this);

    /// <summary>"Still alive"; answers the time it was recorded.</summary>
    [HttpPost("heartbeat")]
    [ProducesResponseType<DateTimeOffset>(StatusCodes.Status200OK, "application/json")]
    public async Task<ActionResult<DateTimeOffset>> Heartbeat(Guid agentId, CancellationToken ct) =>
        (await sender.Send(new HeartbeatCommand(agentId), ct)).ToHttp(this);
}
