using Gastown.Application.Agents.ListAgents;
using Gastown.Application.Beads.GetBeadEvents;
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
public sealed class RigsController(ISender sender) : ControllerBase
{
    public sealed record SlingBody(string Title, string? Body, string? Model);

    [HttpGet]
    public async Task<IActionResult> GetRig(Guid rigId, CancellationToken ct) =>
        (await sender.Send(new GetRig(rigId), ct)).ToHttp(this);

    /// <summary>Newest first; the next page's cursor comes in the X-Next-Cursor header.</summary>
    [HttpGet("beads")]
    public async Task<IActionResult> ListBeads(
        Guid rigId, [FromQuery] string? status, [FromQuery] int limit = Application.Beads.ListBeads.ListBeads.DefaultLimit, [FromQuery] string? cursor = null,
        CancellationToken ct = default) =>
        (await sender.Send(new Application.Beads.ListBeads.ListBeads(rigId, status, limit, cursor), ct)).ToHttp(this);

    [HttpGet("beads/{beadId}/events")]
    public async Task<IActionResult> GetBeadEvents(Guid rigId, Guid beadId, CancellationToken ct) =>
        (await sender.Send(new GetBeadEvents(rigId, beadId), ct)).ToHttp(this);

    [HttpPost("sling")]
    public async Task<IActionResult> Sling(Guid rigId, SlingBody body, CancellationToken ct) =>
        (await sender.Send(new SlingBead(rigId, body.Title, body.Body, body.Model), ct)).ToHttp(this);

    [HttpGet("agents")]
    public async Task<IActionResult> ListAgents(Guid rigId, CancellationToken ct) =>
        (await sender.Send(new ListAgents(rigId), ct)).ToHttp(this);
}
