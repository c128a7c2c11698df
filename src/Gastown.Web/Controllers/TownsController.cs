using Gastown.Application.Agents.GetAgentStreamUrl;
using Gastown.Application.Rigs;
using Gastown.Application.Rigs.CreateRig;
using Gastown.Application.Towns;
using Gastown.Application.Towns.GetMayor;
using Gastown.Application.Towns.SendMessage;
using Gastown.Application.Towns.CreateTown;
using Gastown.Application.Towns.GetTown;
using Gastown.Application.Towns.ListTowns;
using Gastown.Application.Rigs.ListRigs;
using Gastown.Application.Towns.DeleteTown;
using Gastown.Application.Towns.GetTownConfig;
using Gastown.Application.Towns.GetTownEvents;
using Gastown.Application.Towns.UpdateTown;
using Gastown.Application.Towns.UpdateTownConfig;
using Microsoft.AspNetCore.Authorization;

namespace Gastown.Web.Controllers;

[ApiController]
[Route("api/towns")]
[Authorize(Policy = AuthenticationPlanes.UserPolicy)]
[ProblemResponse(StatusCodes.Status401Unauthorized)]
public sealed class TownsController(ISender sender) : ControllerBase
{
    public sealed record CreateTownBody(string Name);

    public sealed record CreateRigBody(string Name, string GitUrl, string? DefaultBranch = null);

    public sealed record MessageBody(string Message, string? Model = null);

    public sealed record UpdateTownBody(string Name);

    public sealed record UpdateTownConfigBody(
        string? DefaultModel,
        int? MaxPolecatsPerRig,
        Dictionary<string, RoleAgentPatch?>? Agents,
        Dictionary<string, EndpointPatch?>? Endpoints,
        Dictionary<string, string?>? EnvVars,
        GitCredentialsPatch? Git,
        BudgetPatch? Budget = null)
    {
        public override string ToString() => "UpdateTownConfigBody { **** }";
    }

    [HttpPost]
    [ProducesResponseType<TownResponse>(StatusCodes.Status201Created, "application/json")]
    [ProblemResponse(StatusCodes.Status400BadRequest)]
    [ProblemResponse(StatusCodes.Status409Conflict)]
    [ProblemResponse(StatusCodes.Status415UnsupportedMediaType)]
    public async Task<ActionResult<TownResponse>> CreateTown(CreateTownBody body, CancellationToken ct) =>
        (await sender.Send(new CreateTownCommand(body.Name), ct)).ToHttp(this, town => $"/api/towns/{town.Id}");

    [HttpGet]
    [ProducesResponseType<IReadOnlyList<TownResponse>>(StatusCodes.Status200OK, "application/json")]
    public async Task<ActionResult<IReadOnlyList<TownResponse>>> ListTowns(CancellationToken ct) =>
        (await sender.Send(new ListTownsQuery(), ct)).ToHttp(this);

    [HttpGet("{townId}")]
    [ProducesResponseType<TownDetails>(StatusCodes.Status200OK, "application/json")]
    [ProblemResponse(StatusCodes.Status400BadRequest)]
    [ProblemResponse(StatusCodes.Status404NotFound)]
    public async Task<ActionResult<TownDetails>> GetTown(Guid townId, CancellationToken ct) =>
        (await sender.Send(new GetTownQuery(townId), ct)).ToHttp(this);

    /// <summary>503 when the rig's store cannot be created (the disk); nothing is left behind.</summary>
    [HttpPost("{townId}/rigs")]
    [ProducesResponseType<RigResponse>(StatusCodes.Status201Created, "application/json")]
    [ProblemResponse(StatusCodes.Status400BadRequest)]
    [ProblemResponse(StatusCodes.Status404NotFound)]
    [ProblemResponse(StatusCodes.Status409Conflict)]
    [ProblemResponse(StatusCodes.Status415UnsupportedMediaType)]
    [ProblemResponse(StatusCodes.Status503ServiceUnavailable)]
    public async Task<ActionResult<RigResponse>> CreateRig(Guid townId, CreateRigBody body, CancellationToken ct) =>
        (await sender.Send(new CreateRigCommand(townId, body.Name, body.GitUrl, body.DefaultBranch), ct)).ToHttp(this, rig => $"/api/rigs/{rig.Id}");

    /// <summary>202: the message is stored and the mayor's alarm armed; delivery happens in the background.</summary>
    [HttpPost("{townId}/messages")]
    [ProducesResponseType<MessageSent>(StatusCodes.Status202Accepted, "application/json")]
    [ProblemResponse(StatusCodes.Status400BadRequest)]
    [ProblemResponse(StatusCodes.Status404NotFound)]
    [ProblemResponse(StatusCodes.Status415UnsupportedMediaType)]
    [ProblemResponse(StatusCodes.Status503ServiceUnavailable)]
    public async Task<ActionResult<MessageSent>> SendMessage(
        Guid townId, MessageBody body, [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey, CancellationToken ct) =>
        (await sender.Send(new SendMessageCommand(townId, body.Message, body.Model, idempotencyKey), ct)).ToHttp(this, StatusCodes.Status202Accepted);

    /// <summary>The town's mayor (null before the first message) and its latest messages, newest first.</summary>
    [HttpGet("{townId}/mayor")]
    [ProducesResponseType<MayorView>(StatusCodes.Status200OK, "application/json")]
    [ProblemResponse(StatusCodes.Status400BadRequest)]
    [ProblemResponse(StatusCodes.Status404NotFound)]
    public async Task<ActionResult<MayorView>> GetMayor(Guid townId, CancellationToken ct) =>
        (await sender.Send(new GetMayorQuery(townId), ct)).ToHttp(this);

    /// <summary>A one-use ticket, valid for a short while, and the WebSocket address (stream route) that carries it.</summary>
    [HttpGet("{townId}/agents/{agentId}/stream-url")]
    [ProducesResponseType<StreamUrl>(StatusCodes.Status200OK, "application/json")]
    [ProblemResponse(StatusCodes.Status400BadRequest)]
    [ProblemResponse(StatusCodes.Status404NotFound)]
    public async Task<ActionResult<StreamUrl>> GetAgentStreamUrl(Guid townId, Guid agentId, CancellationToken ct) =>
        (await sender.Send(new GetAgentStreamUrlQuery(townId, agentId), ct)).ToHttp(this);

    [HttpPatch("{townId}")]
    [ProblemResponse(StatusCodes.Status400BadRequest)]
    [ProblemResponse(StatusCodes.Status404NotFound)]
    [ProducesResponseType<TownResponse>(StatusCodes.Status200OK, "application/json")]
    [ProblemResponse(StatusCodes.Status409Conflict)]
    [ProblemResponse(StatusCodes.Status415UnsupportedMediaType)]
    public async Task<ActionResult<TownResponse>> UpdateTown(Guid townId, UpdateTownBody body, CancellationToken ct) =>
        (await sender.Send(new UpdateTownCommand(townId, body.Name), ct)).ToHttp(this);

    /// <summary>202 while the clean-up runs in the background; 204 when there was nothing left to clean.</summary>
    [HttpDelete("{townId}")]
    [ProblemResponse(StatusCodes.Status400BadRequest)]
    [ProblemResponse(StatusCodes.Status404NotFound)]
    [ProducesResponseType<DeletionResponse>(StatusCodes.Status202Accepted, "application/json")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    public async Task<ActionResult<DeletionResponse>> DeleteTown(Guid townId, CancellationToken ct)
    {
        var result = await sender.Send(new DeleteTownCommand(townId), ct);
        if (result.IsSuccess && result.Value.PendingStores == 0) return NoContent();
        return result.ToHttp(this, StatusCodes.Status202Accepted);
    }

    [HttpGet("{townId}/config")]
    [ProblemResponse(StatusCodes.Status400BadRequest)]
    [ProblemResponse(StatusCodes.Status404NotFound)]
    [ProducesResponseType<TownConfigResponse>(StatusCodes.Status200OK, "application/json")]
    public async Task<ActionResult<TownConfigResponse>> GetTownConfig(Guid townId, CancellationToken ct) =>
        (await sender.Send(new GetTownConfigQuery(townId), ct)).ToHttp(this);

    [HttpPatch("{townId}/config")]
    [ProblemResponse(StatusCodes.Status400BadRequest)]
    [ProblemResponse(StatusCodes.Status404NotFound)]
    [ProducesResponseType<TownConfigResponse>(StatusCodes.Status200OK, "application/json")]
    [ProblemResponse(StatusCodes.Status415UnsupportedMediaType)]
    public async Task<ActionResult<TownConfigResponse>> UpdateTownConfig(Guid townId, UpdateTownConfigBody body, CancellationToken ct) =>
        (await sender.Send(new UpdateTownConfigCommand(
            townId, body.DefaultModel, body.MaxPolecatsPerRig, body.Agents, body.Endpoints, body.EnvVars, body.Git, body.Budget), ct)).ToHttp(this);

    [HttpGet("{townId}/rigs")]
    [ProblemResponse(StatusCodes.Status400BadRequest)]
    [ProblemResponse(StatusCodes.Status404NotFound)]
    [ProducesResponseType<IReadOnlyList<RigResponse>>(StatusCodes.Status200OK, "application/json")]
    public async Task<ActionResult<IReadOnlyList<RigResponse>>> ListRigs(Guid townId, CancellationToken ct) =>
        (await sender.Send(new ListRigsQuery(townId), ct)).ToHttp(this);

    /// <summary>Newest first; <c>since</c> keeps only events at or after that time; <c>limit</c> 1..500.</summary>
    [HttpGet("{townId}/events")]
    [ProblemResponse(StatusCodes.Status400BadRequest)]
    [ProblemResponse(StatusCodes.Status404NotFound)]
    [ProducesResponseType<IReadOnlyList<TownEventResponse>>(StatusCodes.Status200OK, "application/json")]
    public async Task<ActionResult<IReadOnlyList<TownEventResponse>>> GetTownEvents(
        Guid townId, [FromQuery] DateTimeOffset? since, [FromQuery] int limit = Application.Towns.GetTownEvents.GetTownEventsQuery.DefaultLimit, CancellationToken ct = default) =>
        (await sender.Send(new Application.Towns.GetTownEvents.GetTownEventsQuery(townId, since, limit), ct)).ToHttp(this);
}
