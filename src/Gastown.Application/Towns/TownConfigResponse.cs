namespace Gastown.Application.Towns;

/// <summary>
/// A town's config as the API shows it (getTownConfig, updateTownConfig). Secrets are never shown: an API key, every
/// environment value and the git token read back as <see cref="Masked"/> when set.
/// </summary>
public sealed record TownConfigResponse(
    string? DefaultModel,
    int? MaxPolecatsPerRig,
    IReadOnlyDictionary<string, RoleAgentResponse> Agents,
    IReadOnlyDictionary<string, EndpointResponse> Endpoints,
    IReadOnlyDictionary<string, string> EnvVars,
    GitCredentialsResponse? Git,
    BudgetResponse? Budget = null)
{
    public const string Masked = "****";

    public static TownConfigResponse From(StoredTownConfig config) => new(
        config.DefaultModel,
        config.MaxPolecatsPerRig,
        (config.Agents ?? new Dictionary<string, StoredRoleAgent>()).ToDictionary(pair => pair.Key, pair => new RoleAgentResponse(pair.Value.Preset, pair.Value.Model)),
        (config.Endpoints ?? new Dictionary<string, StoredEndpoint>()).ToDictionary(
            pair => pair.Key, pair => new EndpointResponse(pair.Value.BaseUrl, pair.Value.ApiKeyProtected is null ? null : Masked)),
        (config.EnvVarsProtected ?? new Dictionary<string, string>()).ToDictionary(pair => pair.Key, _ => Masked),
        config.Git is { } git ? new GitCredentialsResponse(git.Username, Masked) : null,
        config.Budget is { } budget ? new BudgetResponse(budget.TokensPerDay, budget.UsdPerDay, budget.UsdPerBead) : null);
}
