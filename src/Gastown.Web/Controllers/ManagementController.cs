using Gastown.Application.Agents;
using Gastown.Application.Agents.DeleteAgent;
using Gastown.Application.Agents.NudgeAgent;
using Gastown.Application.Agents.ResetAgent;
using Gastown.Application.Beads;
using Gastown.Application.Beads.CancelBead;
using Gastown.Application.Beads.DeleteBead;
using Gastown.Application.Beads.RetryBead;
using Gastown.Application.Beads.UpdateBead;
using Gastown.Application.Rigs;
using Gastown.Application.Rigs.DeleteRig;
using Gastown.Application.Rigs.GetAlarmStatus;
using Gastown.Application.Rigs.ListRigs;
using Gastown.Application.Rigs.UpdateRig;
using Gastown.Application.Towns;
using Gastown.Application.Towns.DeleteTown;
using Gastown.Application.Towns.GetTownConfig;
using Gastown.Application.Towns.GetTownEvents;
using Gastown.Application.Towns.UpdateTown;
using Gastown.Application.Towns.UpdateTownConfig;
using Gastown.Web.Http;
using Gastown.Web.Security;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Gastown.Web.Controllers;

/// <summary>
/// Town and rig management: rename, delete, config and secrets, rig settings, bead and agent control, events and the
/// alarm's status. Deletes answer at once (202) and finish in the background. Every route names a town or rig by id
/// (a malformed id or bad body → 400) and answers 404 for one that is missing or another user's.
/// </summary>
[ApiController]
[Route("api")]
[Authorize(Policy = AuthenticationPlanes.UserPolicy)]
[ProblemResponse(StatusCodes.Status400BadRequest)]
[ProblemResponse(StatusCodes.Status401Unauthorized)]
[ProblemResponse(StatusCodes.Status404NotFound)]
public sealed class ManagementController(ISender sender) : ControllerBase
{
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

    public sealed record UpdateRigBody(string? Name, string? GitUrl, string? DefaultBranch, int? MaxPolecats, RigReviewPatch? Review = null)
    {
        public override string ToString() => $"UpdateRigBody {{ Name = {Name} }}";
    }

    /// <param name="DependsOn">Replaces the bead's blockers (beads of this town, any rig); <c>[]</c> clears them; absent keeps them.</param>
    public sealed record UpdateBeadBody(string? Title, string? Body, string? Priority, List<string>? Labels, List<Guid>? DependsOn = null);

    public sealed record NudgeBody(string? Message);

    // ---- Towns -------------------------------------------------------------------------------------------------

    [HttpPatch("towns/{townId}")]
    [ProducesResponseType<TownResponse>(StatusCodes.Status200OK, "application/json")]
    [ProblemResponse(StatusCodes.Status409Conflict)]
    [ProblemResponse(StatusCodes.Status415UnsupportedMediaType)]
    public async Task<ActionResult<TownResponse>> UpdateTown(Guid townId, UpdateTownBody body, CancellationToken ct) =>
        (await sender.Send(new UpdateTown(townId, body.Name), ct)).ToHttp(this);

    /// <summary>202 while the clean-up runs in the background; 204 when there was nothing left to clean.</summary>
    [HttpDelete("towns/{townId}")]
    [ProducesResponseType<DeletionResponse>(StatusCodes.Status202Accepted, "application/json")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    public async Task<ActionResult<DeletionResponse>> DeleteTown(Guid townId, CancellationToken ct)
    {
        var result = await sender.Send(new DeleteTown(townId), ct);
        if (result.IsSuccess && result.Value.PendingStores == 0) return NoContent();
        return result.ToHttp(this, StatusCodes.Status202Accepted);
    }

    [HttpGet("towns/{townId}/config")]
    [ProducesResponseType<TownConfigResponse>(StatusCodes.Status200OK, "application/json")]
    public async Task<ActionResult<TownConfigResponse>> GetTownConfig(Guid townId, CancellationToken ct) =>
        (await sender.Send(new GetTownConfig(townId), ct)).ToHttp(this);

    [HttpPatch("towns/{townId}/config")]
    [ProducesResponseType<TownConfigResponse>(StatusCodes.Status200OK, "application/json")]
    [ProblemResponse(StatusCodes.Status415UnsupportedMediaType)]
    public async Task<ActionResult<TownConfigResponse>> UpdateTownConfig(Guid townId, UpdateTownConfigBody body, CancellationToken ct) =>
        (await sender.Send(new UpdateTownConfig(
            townId, body.DefaultModel, body.MaxPolecatsPerRig, body.Agents, body.Endpoints, body.EnvVars, body.Git, body.Budget), ct)).ToHttp(this);

    [HttpGet("towns/{townId}/rigs")]
    [ProducesResponseType<IReadOnlyList<RigResponse>>(StatusCodes.Status200OK, "application/json")]
    public async Task<ActionResult<IReadOnlyList<RigResponse>>> ListRigs(Guid townId, CancellationToken ct) =>
        (await sender.Send(new ListRigs(townId), ct)).ToHttp(this);

    /// <summary>Newest first; <c>since</c> keeps only events at or after that time; <c>limit</c> 1..500.</summary>
    [HttpGet("towns/{townId}/events")]
    [ProducesResponseType<IReadOnlyList<TownEventResponse>>(StatusCodes.Status200OK, "application/json")]
    public async Task<ActionResult<IReadOnlyList<TownEventResponse>>> GetTownEvents(
        Guid townId, [FromQuery] DateTimeOffset? since, [FromQuery] int limit = Application.Towns.GetTownEvents.GetTownEvents.DefaultLimit, CancellationToken ct = default) =>
        (await sender.Send(new Application.Towns.GetTownEvents.GetTownEvents(townId, since, limit), ct)).ToHttp(this);

    // ---- Rigs --------------------------------------------------------------------------------------------------

    [HttpPatch("rigs/{rigId}")]
    [ProducesResponseType<RigResponse>(StatusCodes.Status200OK, "application/json")]
    [ProblemResponse(StatusCodes.Status409Conflict)]
    [ProblemResponse(StatusCodes.Status415UnsupportedMediaType)]
    public async Task<ActionResult<RigResponse>> UpdateRig(Guid rigId, UpdateRigBody body, CancellationToken ct) =>
        (await sender.Send(new UpdateRig(rigId, body.Name, body.GitUrl, body.DefaultBranch, body.MaxPolecats, body.Review), ct)).ToHttp(this);

    [HttpDelete("rigs/{rigId}")]
    [ProducesResponseType<DeletionResponse>(StatusCodes.Status202Accepted, "application/json")]
    public async Task<ActionResult<DeletionResponse>> DeleteRig(Guid rigId, CancellationToken ct) =>
        (await sender.Send(new DeleteRig(rigId), ct)).ToHttp(this, StatusCodes.Status202Accepted);

    [HttpGet("rigs/{rigId}/alarm")]
    [ProducesResponseType<AlarmStatusResponse>(StatusCodes.Status200OK, "application/json")]
    public async Task<ActionResult<AlarmStatusResponse>> GetAlarmStatus(Guid rigId, CancellationToken ct) =>
        (await sender.Send(new GetAlarmStatus(rigId), ct)).ToHttp(this);

    // ---- Beads -------------------------------------------------------------------------------------------------

    [HttpPatch("rigs/{rigId}/beads/{beadId}")]
    [ProducesResponseType<BeadResponse>(StatusCodes.Status200OK, "application/json")]
    [ProblemResponse(StatusCodes.Status415UnsupportedMediaType)]
    public async Task<ActionResult<BeadResponse>> UpdateBead(Guid rigId, Guid beadId, UpdateBeadBody body, CancellationToken ct) =>
        (await sender.Send(new UpdateBead(rigId, beadId, body.Title, body.Body, body.Priority, body.Labels, body.DependsOn), ct)).ToHttp(this);

    [HttpDelete("rigs/{rigId}/beads/{beadId}")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    public async Task<ActionResult> DeleteBead(Guid rigId, Guid beadId, CancellationToken ct) =>
        (await sender.Send(new DeleteBead(rigId, beadId), ct)).ToHttp(this);

    [HttpPost("rigs/{rigId}/beads/{beadId}/cancel")]
    [ProducesResponseType<BeadResponse>(StatusCodes.Status200OK, "application/json")]
    [ProblemResponse(StatusCodes.Status409Conflict)]
    public async Task<ActionResult<BeadResponse>> CancelBead(Guid rigId, Guid beadId, CancellationToken ct) =>
        (await sender.Send(new CancelBead(rigId, beadId), ct)).ToHttp(this);

    [HttpPost("rigs/{rigId}/beads/{beadId}/retry")]
    [ProducesResponseType<BeadResponse>(StatusCodes.Status200OK, "application/json")]
    [ProblemResponse(StatusCodes.Status409Conflict)]
    public async Task<ActionResult<BeadResponse>> RetryBead(Guid rigId, Guid beadId, CancellationToken ct) =>
        (await sender.Send(new RetryBead(rigId, beadId), ct)).ToHttp(this);

    // ---- Agents ------------------------------------------------------------------------------------------------

    [HttpPost("rigs/{rigId}/agents/{agentId}/reset")]
    [ProducesResponseType<AgentResponse>(StatusCodes.Status200OK, "application/json")]
    public async Task<ActionResult<AgentResponse>> ResetAgent(Guid rigId, Guid agentId, CancellationToken ct) =>
        (await sender.Send(new ResetAgent(rigId, agentId), ct)).ToHttp(this);

    /// <summary>
    /// A message to a polecat: to its running process at once when that takes input (delivery <c>delivered</c>), else
    /// at the start of its next run (<c>next_run</c>). The agent's mail keeps it.
    /// </summary>
    [HttpPost("rigs/{rigId}/agents/{agentId}/nudge")]
    [ProducesResponseType<NudgeResponse>(StatusCodes.Status200OK, "application/json")]
    [ProblemResponse(StatusCodes.Status415UnsupportedMediaType)]
    public async Task<ActionResult<NudgeResponse>> NudgeAgent(Guid rigId, Guid agentId, NudgeBody body, CancellationToken ct) =>
        (await sender.Send(new NudgeAgent(rigId, agentId, body.Message), ct)).ToHttp(this);

    [HttpDelete("rigs/{rigId}/agents/{agentId}")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    public async Task<ActionResult> DeleteAgent(Guid rigId, Guid agentId, CancellationToken ct) =>
        (await sender.Send(new DeleteAgent(rigId, agentId), ct)).ToHttp(this);
}
