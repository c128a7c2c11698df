using System.Text.Json;
using Gastown.Application.AgentApi.CheckMail;
using Gastown.Application.AgentApi.CloseBead;
using Gastown.Application.AgentApi.Done;
using Gastown.Application.AgentApi.Escalate;
using Gastown.Application.AgentApi.Heartbeat;
using Gastown.Application.AgentApi.Prime;
using Gastown.Application.AgentApi.SaveCheckpoint;
using Gastown.Application.AgentApi.SendMail;
using Gastown.Application.AgentApi.SetAgentStatus;
using Gastown.Application.AgentApi.UpdateBeadStatus;
using Gastown.Application.Agents;
using Gastown.Web.Http;
using Gastown.Web.Security;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Gastown.Web.Controllers;

/// <summary>
/// The agent plane: called by agent processes with their session token (never a dashboard token). A token reaches
/// only its own agent; a call from a replaced generation is refused with 409 and changes nothing.
/// </summary>
[ApiController]
[Route("api/agent/{agentId}")]
[Authorize(Policy = AuthenticationPlanes.AgentPolicy)]
public sealed class AgentApiController(ISender sender) : ControllerBase
{
    public sealed record StatusBody(string Status);

    public sealed record DoneBody(string? Branch, string? Summary);

    public sealed record MailBody(string To, string Subject, string Body);

    public sealed record EscalationBody(string Title, string? Body, string? Priority);

    public sealed record CheckpointBody(JsonElement Data);

    public sealed record AgentStatusBody(string Message);

    [HttpGet("prime")]
    public async Task<IActionResult> Prime(Guid agentId, CancellationToken ct) =>
        (await sender.Send(new Prime(agentId), ct)).ToHttp(this);

    [HttpPost("beads/{beadId}/status")]
    public async Task<IActionResult> UpdateBeadStatus(Guid agentId, Guid beadId, StatusBody body, CancellationToken ct) =>
        (await sender.Send(new UpdateBeadStatus(agentId, beadId, body.Status), ct)).ToHttp(this);

    [HttpPost("beads/{beadId}/close")]
    public async Task<IActionResult> CloseBead(Guid agentId, Guid beadId, CancellationToken ct) =>
        (await sender.Send(new CloseBead(agentId, beadId), ct)).ToHttp(this);

    [HttpPost("done")]
    public async Task<IActionResult> Done(Guid agentId, DoneBody body, CancellationToken ct) =>
        (await sender.Send(new Done(agentId, body.Branch, body.Summary), ct)).ToHttp(this);

    [HttpPost("mail")]
    public async Task<IActionResult> SendMail(Guid agentId, MailBody body, CancellationToken ct) =>
        (await sender.Send(new SendMail(agentId, body.To, body.Subject, body.Body), ct)).ToHttp(this);

    [HttpGet("mail")]
    public async Task<IActionResult> CheckMail(Guid agentId, CancellationToken ct) =>
        (await sender.Send(new CheckMail(agentId), ct)).ToHttp(this);

    [HttpPost("escalations")]
    public async Task<IActionResult> Escalate(Guid agentId, EscalationBody body, CancellationToken ct) =>
        (await sender.Send(new Escalate(agentId, body.Title, body.Body, body.Priority), ct)).ToHttp(this);

    [HttpPost("checkpoint")]
    public async Task<IActionResult> Checkpoint(Guid agentId, CheckpointBody body, CancellationToken ct) =>
        (await sender.Send(new SaveCheckpoint(agentId, body.Data.GetRawText()), ct)).ToHttp(this);

    /// <summary>setAgentStatus (gt_status): the agent's one-line "what I am doing now".</summary>
    [HttpPost("status")]
    [ProducesResponseType<AgentResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict)]
    public async Task<IActionResult> SetStatus(Guid agentId, AgentStatusBody body, CancellationToken ct) =>
        (await sender.Send(new SetAgentStatus(agentId, body.Message), ct)).ToHttp(this);

    [HttpPost("heartbeat")]
    public async Task<IActionResult> Heartbeat(Guid agentId, CancellationToken ct) =>
        (await sender.Send(new Heartbeat(agentId), ct)).ToHttp(this);
}
