namespace Gastown.Application.Common.Ports;

/// <summary>
/// A town's settings as stored (camelCase JSON in the directory). Every secret is ciphertext: <c>ApiKeyProtected</c>,
/// <c>TokenProtected</c> and every value of <c>EnvVarsProtected</c>.
/// </summary>
public sealed record StoredTownConfig(
    string? DefaultModel = null,
    int? MaxPolecatsPerRig = null,
    IReadOnlyDictionary<string, StoredRoleAgent>? Agents = null,
    IReadOnlyDictionary<string, StoredEndpoint>? Endpoints = null,
    IReadOnlyDictionary<string, string>? EnvVarsProtected = null,
    StoredGitCredentials? Git = null,
    StoredBudget? Budget = null)
{
    public static readonly StoredTownConfig Empty = new();
}
