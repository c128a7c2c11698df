using Gastown.Application.Users.GetCurrentUser;
using Microsoft.AspNetCore.Authorization;

namespace Gastown.Web.Controllers;

/// <summary>Who the token belongs to: the cheapest authenticated call (also the benchmarks' baseline).</summary>
[ApiController]
[Route("api/me")]
[Authorize(Policy = AuthenticationPlanes.UserPolicy)]
public sealed class MeController(ISender sender) : ControllerBase
{
    [HttpGet]
    [ProducesResponseType<CurrentUser>(StatusCodes.Status200OK, "application/json")]
    [ProblemResponse(StatusCodes.Status401Unauthorized)]
    public async Task<ActionResult<CurrentUser>> Get(CancellationToken ct) => (await sender.Send(new GetCurrentUserQuery(), ct)).ToHttp(this);
}
