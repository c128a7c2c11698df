using System.Text.Json.Serialization;

namespace Gastown.Infrastructure.Health;

/// <summary>One component of the readiness answer: "ok", or "failing" with a short reason (no paths, no secrets).</summary>
public sealed record ComponentHealth(string Status, string? Reason = null)
{
    public static readonly ComponentHealth Ok = new("ok");

    [JsonIgnore]
    public bool IsOk => Status == "ok";

    public static ComponentHealth Failing(string reason) => new("failing", reason);
}
