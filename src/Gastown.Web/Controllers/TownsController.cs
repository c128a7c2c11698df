using Gastown.Application.Agents.GetAgentStreamUrl;
using Gastown.Application.Rigs.CreateRig;
using Gastown.Application.Towns.GetMayor;
using Gastown.Application.Towns.SendMessage;
using Gastown.Application.Towns.CreateTown;
using Gastown.Application.Towns.GetTown;
using Gastown.Application.Towns.ListTowns;
using Gastown.Web.Http;
using Gastown.Web.Security;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Gastown.Web.Controllers;

[ApiController]
[Route("api/towns")]
[Authorize(Policy = AuthenticationPlanes.UserPolicy)]
public sealed class TownsController(ISender sender) : ControllerBase
{
    public sealed record CreateTownBody(string Name);

    public sealed record CreateRigBody(string Name, string GitUrl, string? DefaultBranch);

    public sealed record MessageBody(string Message, string? Model);

    [HttpPost]
    public async Task<IActionResult> CreateTown(CreateTownBody body, CancellationToken ct) =>
        (await sender.Send(new CreateTown(body.Name), ct)).ToHttp(this);

    [HttpGet]
    public async Task<IActionResult> ListTowns(CancellationToken ct) =>
        (await sender.Send(new ListTowns(), ct)).ToHttp(this);

    [HttpGet("{townId}")]
    public async Task<IActionResult> GetTown(Guid townId, CancellationToken ct) =>
        (await sender.Send(new GetTown(townId), ct)).ToHttp(this);

    [HttpPost("{townId}/rigs")]
    public async Task<IActionResult> CreateRig(Guid townId, CreateRigBody body, CancellationToken ct) =>
        (await sender.Send(new CreateRig(townId, body.Name, body.GitUrl, body.DefaultBranch), ct)).ToHttp(this);

    /// <summary>202: the message is stored and the mayor's alarm armed; delivery happens in the background.</summary>
    [HttpPost("{townId}/messages")]
    public async Task<IActionResult> SendMessage(Guid townId, MessageBody body, CancellationToken ct) =>
        (await sender.Send(new SendMessage(townId, body.Message, body.Model), ct)).ToHttp(this, StatusCodes.Status202Accepted);

    [HttpGet("{townId}/mayor")]
    public async Task<IActionResult> GetMayor(Guid townId, CancellationToken ct) =>
        (await sender.Send(new GetMayor(townId), ct)).ToHttp(this);

    [HttpGet("{townId}/agents/{agentId}/stream-url")]
    public async Task<IActionResult> GetAgentStreamUrl(Guid townId, Guid agentId, CancellationToken ct) =>
        (await sender.Send(new GetAgentStreamUrl(townId, agentId), ct)).ToHttp(this);
}
