using Gastown.Application.Agents;
using Gastown.Application.Agents.DeleteAgent;
using Gastown.Application.Agents.ListAgents;
using Gastown.Application.Agents.NudgeAgent;
using Gastown.Application.Agents.ResetAgent;

namespace Gastown.Web.Controllers;

/// <summary>A rig's agents: list, nudge, reset and delete.</summary>
[Route("api/rigs/{rigId}/agents")]
public sealed class AgentsController(ISender sender) : ResourceController
{
    public sealed record NudgeBody(string? Message);

    [HttpGet]
    [ProducesResponseType<IReadOnlyList<AgentResponse>>(StatusCodes.Status200OK, "application/json")]
    public async Task<ActionResult<IReadOnlyList<AgentResponse>>> ListAgents(Guid rigId, CancellationToken ct) =>
        (await sender.Send(new ListAgentsQuery(rigId), ct)).ToHttp(this);

    [HttpPost("{agentId}/reset")]
    [ProducesResponseType<AgentResponse>(StatusCodes.Status200OK, "application/json")]
    public async Task<ActionResult<AgentResponse>> ResetAgent(Guid rigId, Guid agentId, CancellationToken ct) =>
        (await sender.Send(new ResetAgentCommand(rigId, agentId), ct)).ToHttp(this);

    /// <summary>
    /// A message to a polecat: to its running process at once when that takes input (delivery <c>delivered</c>), else
    /// at the start of its next run (<c>next_run</c>). The agent's mail keeps it.
    /// </summary>
    [HttpPost("{agentId}/nudge")]
    [ProducesResponseType<NudgeResponse>(StatusCodes.Status200OK, "application/json")]
    [ProblemResponse(StatusCodes.Status415UnsupportedMediaType)]
    public async Task<ActionResult<NudgeResponse>> NudgeAgent(Guid rigId, Guid agentId, NudgeBody body, CancellationToken ct) =>
        (await sender.Send(new NudgeAgentCommand(rigId, agentId, body.Message), ct)).ToHttp(this);

    [HttpDelete("{agentId}")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    public async Task<ActionResult> DeleteAgent(Guid rigId, Guid agentId, CancellationToken ct) =>
        (await sender.Send(new DeleteAgentCommand(rigId, agentId), ct)).ToHttp(this);
}
