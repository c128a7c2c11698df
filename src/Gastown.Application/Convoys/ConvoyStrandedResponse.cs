namespace Gastown.Application.Convoys;

/// <summary>
/// A running convoy with ready work and no agent working on it for longer than the dispatch policy allows (computed
/// at read time, decision 0025): <see cref="Reason"/> is <c>cap_reached</c>, <c>budget_paused</c>, <c>rate_limited</c>,
/// <c>rig_unreachable</c>, <c>dispatch_failing</c> or <c>not_dispatched</c>; <see cref="Detail"/> says it in words;
/// <see cref="Since"/> is the convoy's last change (its last bead change, or its start).
/// </summary>
public sealed record ConvoyStrandedResponse(string Reason, string Detail, DateTimeOffset Since);
