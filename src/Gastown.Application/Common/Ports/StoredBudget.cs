namespace Gastown.Application.Common.Ports;

/// <summary>
/// A town's spending limits (none set: no limit). The daily ones count the usage reported since midnight UTC across
/// the town's stores; <see cref="UsdPerBead"/> is the most one bead may cost.
/// </summary>
public sealed record StoredBudget(long? TokensPerDay = null, decimal? UsdPerDay = null, decimal? UsdPerBead = null);
