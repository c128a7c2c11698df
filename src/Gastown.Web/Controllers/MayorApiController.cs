using Gastown.Application.MayorApi.ListRigAgents;
using Gastown.Application.MayorApi.ListRigBeads;
using Gastown.Application.MayorApi.ListTownRigs;
using Gastown.Application.MayorApi.MayorReply;
using Gastown.Application.MayorApi.MayorSling;
using Gastown.Application.Towns;
using Gastown.Web.Http;
using Gastown.Web.Security;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Gastown.Web.Controllers;

/// <summary>The mayor's coordinator tools (agent plane): its own town's rigs, beads and agents, and sling.</summary>
[ApiController]
[Route("api/agent/{agentId}/town")]
[Authorize(Policy = AuthenticationPlanes.AgentPolicy)]
public sealed class MayorApiController(ISender sender) : ControllerBase
{
    public sealed record SlingBody(string Title, string? Body, string? Model);

    public sealed record ReplyBody(string Message, Guid? InReplyTo);

    [HttpGet("rigs")]
    public async Task<IActionResult> ListRigs(Guid agentId, CancellationToken ct) =>
        (await sender.Send(new ListTownRigs(agentId), ct)).ToHttp(this);

    [HttpGet("rigs/{rigId}/beads")]
    public async Task<IActionResult> ListBeads(Guid agentId, Guid rigId, [FromQuery] string? status, CancellationToken ct) =>
        (await sender.Send(new ListRigBeads(agentId, rigId, status), ct)).ToHttp(this);

    [HttpGet("rigs/{rigId}/agents")]
    public async Task<IActionResult> ListAgents(Guid agentId, Guid rigId, CancellationToken ct) =>
        (await sender.Send(new ListRigAgents(agentId, rigId), ct)).ToHttp(this);

    [HttpPost("rigs/{rigId}/sling")]
    public async Task<IActionResult> Sling(Guid agentId, Guid rigId, SlingBody body, CancellationToken ct) =>
        (await sender.Send(new MayorSling(agentId, rigId, body.Title, body.Body, body.Model), ct)).ToHttp(this);

    /// <summary>mayorReply (gt_reply): an answer to the user, stored and shown in the chat.</summary>
    [HttpPost("replies")]
    [ProducesResponseType<MayorMessageResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict)]
    public async Task<IActionResult> Reply(Guid agentId, ReplyBody body, CancellationToken ct) =>
        (await sender.Send(new MayorReply(agentId, body.Message, body.InReplyTo), ct)).ToHttp(this);
}
