using Microsoft.AspNetCore.Authorization;

namespace Gastown.Web.Controllers;

/// <summary>
/// What the agent plane's controllers share (an agent's own calls, the mayor's tools): an agent's session token, never a
/// dashboard token. Another agent's route → 403; a call from a replaced generation → 409, changing nothing; an agent
/// whose rig or town has been deleted → 404.
/// </summary>
[ApiController]
[Authorize(Policy = AuthenticationPlanes.AgentPolicy)]
[ProblemResponse(StatusCodes.Status400BadRequest)]
[ProblemResponse(StatusCodes.Status401Unauthorized)]
[ProblemResponse(StatusCodes.Status403Forbidden)]
[ProblemResponse(StatusCodes.Status404NotFound)]
[ProblemResponse(StatusCodes.Status409Conflict)]
public abstract class AgentPlaneController : ControllerBase;
