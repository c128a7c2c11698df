namespace Gastown.Application.Common.Settings;

/// <summary>
/// A town's and a rig's own settings, resolved for the dispatch that needs them: the repository as the directory
/// has it now (an updated URL or branch wins over what the store recorded at creation), the git credentials (the
/// rig's own, else the town's), the per-role agent preset and model, model endpoints, environment variables and the
/// polecat cap. Secrets are decrypted here, only on their way to a launch.
/// </summary>
public sealed class TownSettings(ITownDirectory directory, ITownManagement management, ISecretProtector secrets, IOptions<GastownOptions> options)
{
    public async Task<int> MaxPolecatsAsync(LedgerIdentity store, CancellationToken ct)
    {
        if (store.Kind == LedgerKind.Rig && await directory.GetRigAsync(store.StoreId, ct) is { MaxPolecats: { } rigCap }) return rigCap;
        var config = await management.GetTownConfigAsync(store.TownId, ct);
        return config.MaxPolecatsPerRig ?? options.Value.MaxPolecatsPerRig;
    }

    /// <summary>The rig's review config (gates, mode, rounds, branch hygiene), or the defaults.</summary>
    public async Task<RigReview> ReviewAsync(Guid rigId, CancellationToken ct) =>
        (await directory.GetRigAsync(rigId, ct))?.ReviewOrDefault ?? RigReview.Default;

    /// <summary>The town's environment variables for agents (secrets decrypted), which the rig's gates run with too.</summary>
    public async Task<IReadOnlyDictionary<string, string>?> AgentEnvironmentAsync(Guid townId, CancellationToken ct)
    {
        var config = await management.GetTownConfigAsync(townId, ct);
        var environment = config.EnvVarsProtected?
            .Select(pair => (pair.Key, Value: secrets.Unprotect(pair.Value)))
            .Where(pair => pair.Value is not null)
            .ToDictionary(pair => pair.Key, pair => pair.Value!);
        return environment is { Count: > 0 } ? environment : null;
    }

    /// <summary>The repository with its current URL, branch and credentials; the given one when the rig is gone.</summary>
    public async Task<RepositoryRef> RepositoryAsync(RepositoryRef repository, CancellationToken ct)
    {
        var rig = await directory.GetRigAsync(repository.RigId, ct);
        if (rig is null) return repository;
        return new RepositoryRef(rig.Id, rig.GitUrl, rig.DefaultBranch, await CredentialsAsync(rig.Id, rig.TownId, ct), rig.TownId);
    }

    public async Task<GitCredentials?> CredentialsAsync(Guid rigId, Guid townId, CancellationToken ct)
    {
        var stored = await management.GetRigCredentialsAsync(rigId, ct)
                     ?? (await management.GetTownConfigAsync(townId, ct)).Git;
        return stored is not null && secrets.Unprotect(stored.TokenProtected) is { } token
            ? new GitCredentials(stored.Username, token)
            : null;
    }

    /// <summary>The launch with the town's agent settings and environment, and the repository's credentials.</summary>
    public async Task<AgentLaunch> ApplyAsync(AgentLaunch launch, string? beadModel, CancellationToken ct)
    {
        var config = await management.GetTownConfigAsync(launch.TownId, ct);
        var role = launch.Role == AgentRole.Mayor ? "mayor" : "polecat";
        var roleAgent = config.Agents?.GetValueOrDefault(role);
        var townModel = roleAgent?.Model ?? config.DefaultModel;

        var endpoints = config.Endpoints?.ToDictionary(
            pair => pair.Key,
            pair => new ModelEndpoint(pair.Value.BaseUrl, pair.Value.ApiKeyProtected is { } key ? secrets.Unprotect(key) : null));
        var environment = config.EnvVarsProtected?
            .Select(pair => (pair.Key, Value: secrets.Unprotect(pair.Value)))
            .Where(pair => pair.Value is not null)
            .ToDictionary(pair => pair.Key, pair => pair.Value!);

        var repository = launch.Repository is { } given ? await RepositoryAsync(given, ct) : null;
        return launch with
        {
            // A model the user chose for the bead wins; the town's model replaces only the server's default.
            Model = beadModel is null && townModel is not null ? townModel : launch.Model,
            Repository = repository,
            Overrides = new AgentOverrides(roleAgent?.Preset, townModel, endpoints is { Count: > 0 } ? endpoints : null),
            Environment = environment is { Count: > 0 } ? environment : null,
        };
    }
}
