using Gastown.Application.Agents;
using Gastown.Application.Beads;
using Gastown.Application.Beads.SlingBead;
using Gastown.Application.MayorApi.ListRigAgents;
using Gastown.Application.MayorApi.ListRigBeads;
using Gastown.Application.MayorApi.ListTownRigs;
using Gastown.Application.MayorApi.MayorReply;
using Gastown.Application.MayorApi.MayorSling;
using Gastown.Application.Rigs;
using Gastown.Application.Common.Validation;
using Gastown.Application.Towns;

namespace Gastown.Web.Controllers;

/// <summary>
/// The mayor's coordinator tools (agent plane): its own town's rigs, beads and agents, and sling. Another agent than
/// the mayor, or a rig of another town → 403.
/// </summary>
[Route("api/agent/{agentId}/town")]
public sealed class MayorApiController(ISender sender) : AgentPlaneController
{
    public sealed record SlingBody(string Title, string? Body = null, string? Model = null, IReadOnlyList<Guid>? DependsOn = null);

    public sealed record ReplyBody(string Message, Guid? InReplyTo = null);

    [HttpGet("rigs")]
    [ProducesResponseType<IReadOnlyList<RigResponse>>(StatusCodes.Status200OK, "application/json")]
    public async Task<ActionResult<IReadOnlyList<RigResponse>>> ListRigs(Guid agentId, CancellationToken ct) =>
        (await sender.Send(new ListTownRigsQuery(agentId), ct)).ToHttp(this);

    /// <summary>Newest first, like the user's listBeads: same status, limit and cursor rules, cursor in X-Next-Cursor.</summary>
    [HttpGet("rigs/{rigId}/beads")]
    [NextCursorHeader]
    [ProducesResponseType<IReadOnlyList<BeadResponse>>(StatusCodes.Status200OK, "application/json")]
    public async Task<ActionResult<IReadOnlyList<BeadResponse>>> ListBeads(
        Guid agentId, Guid rigId, [FromQuery] string? status, [FromQuery] int limit = ListingRules.DefaultLimit, [FromQuery] string? cursor = null,
        CancellationToken ct = default) =>
        (await sender.Send(new ListRigBeadsQuery(agentId, rigId, status, limit, cursor), ct)).ToHttp(this);

    [HttpGet("rigs/{rigId}/agents")]
    [ProducesResponseType<IReadOnlyList<AgentResponse>>(StatusCodes.Status200OK, "application/json")]
    public async Task<ActionResult<IReadOnlyList<AgentResponse>>> ListAgents(Guid agentId, Guid rigId, CancellationToken ct) =>
        (await sender.Send(new ListRigAgentsQuery(agentId, rigId), ct)).ToHttp(this);

    [HttpPost("rigs/{rigId}/sling")]
    [ProducesResponseType<SlingResponse>(StatusCodes.Status201Created, "application/json")]
    [ProblemResponse(StatusCodes.Status415UnsupportedMediaType)]
    public async Task<ActionResult<SlingResponse>> Sling(
        Guid agentId, Guid rigId, SlingBody body, [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey, CancellationToken ct) =>
        (await sender.Send(new MayorSlingCommand(agentId, rigId, body.Title, body.Body, body.Model, body.DependsOn, idempotencyKey), ct)).ToHttp(this);

    /// <summary>mayorReply (gt_reply): an answer to the user, stored and shown in the chat.</summary>
    [HttpPost("replies")]
    [ProducesResponseType<MayorMessageResponse>(StatusCodes.Status200OK, "application/json")]
    [ProblemResponse(StatusCodes.Status415UnsupportedMediaType)]
    public async Task<ActionResult<MayorMessageResponse>> Reply(Guid agentId, ReplyBody body, CancellationToken ct) =>
        (await sender.Send(new MayorReplyCommand(agentId, body.Message, body.InReplyTo), ct)).ToHttp(this);
}
