namespace Gastown.Web.Http;

/// <summary>The answer of <c>GET /health</c> (anonymous): the process is up and serving.</summary>
public sealed record HealthResponse(string Status)
{
    public static readonly HealthResponse Ok = new("ok");
}
