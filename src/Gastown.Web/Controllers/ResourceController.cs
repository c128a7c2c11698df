using Microsoft.AspNetCore.Authorization;

namespace Gastown.Web.Controllers;

/// <summary>
/// What every user-plane resource controller shares (rigs, beads, agents, convoys, reviews): a signed-in user; ids in
/// the route, so a malformed id or body is a 400 and a missing or another user's resource a 404.
/// </summary>
[ApiController]
[Authorize(Policy = AuthenticationPlanes.UserPolicy)]
[ProblemResponse(StatusCodes.Status400BadRequest)]
[ProblemResponse(StatusCodes.Status401Unauthorized)]
[ProblemResponse(StatusCodes.Status404NotFound)]
public abstract class ResourceController : ControllerBase;
