namespace Gastown.Application.Rigs;

/// <summary>A rig's reachability: <c>ok</c>, <c>unreachable</c> (with the reason) or <c>checking</c>.</summary>
public sealed record RigHealthResponse(string Status, string? Reason, DateTimeOffset CheckedAt)
{
    public static RigHealthResponse? From(RigHealth? health) =>
        health is null ? null : new(health.Status.ToText(), health.Reason, health.CheckedAt);
}
