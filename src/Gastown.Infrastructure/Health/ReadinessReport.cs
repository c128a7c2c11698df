using System.Text.Json.Serialization;

namespace Gastown.Infrastructure.Health;

/// <summary>The answer of <c>GET /health/ready</c>: ready only when every component is ok.</summary>
public sealed record ReadinessReport(ComponentHealth Storage, ComponentHealth Scheduler, ComponentHealth Container)
{
    public string Status => IsReady ? "ready" : "not_ready";

    [JsonIgnore]
    public bool IsReady => Storage.IsOk && Scheduler.IsOk && Container.IsOk;
}
