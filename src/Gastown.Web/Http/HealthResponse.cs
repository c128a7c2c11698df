namespace Gastown.Web.Http;

/// <summary>
/// The answer of <c>GET /health</c> (anonymous, liveness): the process is up and serving, which node it is, its
/// storage and how the last heartbeat into it went (ok, failing, unknown), the alarm scheduler's state, and the sandbox
/// that agents and gates run in (bubblewrap, or none).
/// </summary>
public sealed record HealthResponse(
    string Status, string? Node = null, string? Storage = null, string? Database = null, string? Scheduler = null, string? Sandbox = null)
{
    public static readonly HealthResponse Ok = new("ok");
}
