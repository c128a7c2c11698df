namespace Gastown.Application.Towns;

/// <summary>A town's spending limits (null: no limit): tokens and USD per UTC day across the town, USD per bead.</summary>
public sealed record BudgetResponse(long? TokensPerDay, decimal? UsdPerDay, decimal? UsdPerBead);
