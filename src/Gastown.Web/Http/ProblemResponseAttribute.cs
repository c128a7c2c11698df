namespace Gastown.Web.Http;

/// <summary>
/// Declares that an action can answer <paramref name="statusCode"/> with problem details (validation problem details
/// for 400), as <c>application/problem+json</c>: what <see cref="ResultHttp"/>, authentication and [ApiController]'s
/// model checks send.
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class, AllowMultiple = true)]
public sealed class ProblemResponseAttribute(int statusCode) : ProducesResponseTypeAttribute(
    statusCode == StatusCodes.Status400BadRequest ? typeof(ValidationProblemDetails) : typeof(ProblemDetails),
    statusCode,
    "application/problem+json");
