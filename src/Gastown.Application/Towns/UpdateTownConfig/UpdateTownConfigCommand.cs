namespace Gastown.Application.Towns.UpdateTownConfig;

/// <summary>
/// Changes a town's config. Every member is optional: absent (null) leaves it unchanged, objects are merged key by
/// key. An empty string clears a text value (a dictionary entry set to null is removed); a secret sent as
/// <c>"****"</c> keeps the stored one. Secrets are encrypted before they are stored and never answered.
/// </summary>
public sealed record UpdateTownConfigCommand(
    Guid TownId,
    string? DefaultModel = null,
    int? MaxPolecatsPerRig = null,
    IReadOnlyDictionary<string, RoleAgentPatch?>? Agents = null,
    IReadOnlyDictionary<string, EndpointPatch?>? Endpoints = null,
    IReadOnlyDictionary<string, string?>? EnvVars = null,
    GitCredentialsPatch? Git = null,
    BudgetPatch? Budget = null) : ICommand<Result<TownConfigResponse>>, ITownRequest
{
    // Never print the secrets, whatever logs or throws this.
    public override string ToString() => $"UpdateTownConfigCommand {{ TownId = {TownId} }}";
}

public sealed record RoleAgentPatch(string? Preset = null, string? Model = null);

public sealed record EndpointPatch(string? BaseUrl = null, string? ApiKey = null)
{
    public override string ToString() => $"EndpointPatch {{ BaseUrl = {BaseUrl}, ApiKey = **** }}";
}

/// <summary>Each limit: absent keeps it, 0 removes it, a positive number sets it.</summary>
public sealed record BudgetPatch(long? TokensPerDay = null, decimal? UsdPerDay = null, decimal? UsdPerBead = null);

public sealed record GitCredentialsPatch(string? Username = null, string? Token = null)
{
    public override string ToString() => $"GitCredentialsPatch {{ Username = {Username}, Token = **** }}";
}

internal sealed class UpdateTownConfigHandler(
    ITownDirectory directory, ITownManagement management, ISecretProtector secrets, IManagementQueue background, TimeProvider clock,
    ILedgerStores ledgers, Dispatch.TownBudgets budgets)
    : ICommandHandler<UpdateTownConfigCommand, Result<TownConfigResponse>>
{
    public async ValueTask<Result<TownConfigResponse>> Handle(UpdateTownConfigCommand command, CancellationToken cancellationToken)
    {
        if (await directory.GetTownAsync(command.TownId, cancellationToken) is null) return Result.NotFound("Town not found.");
        var stored = await management.GetTownConfigAsync(command.TownId, cancellationToken);

        var git = MergeGit(stored.Git, command.Git);
        if (git.Error is { } gitError) return Result.Invalid(new ValidationError("git.token", gitError));

        var updated = new StoredTownConfig(
            Text(stored.DefaultModel, command.DefaultModel),
            command.MaxPolecatsPerRig ?? stored.MaxPolecatsPerRig,
            MergeMap(stored.Agents, command.Agents, MergeAgent),
            MergeMap(stored.Endpoints, command.Endpoints, MergeEndpoint),
            MergeEnvVars(stored.EnvVarsProtected, command.EnvVars),
            git.Value,
            MergeBudget(stored.Budget, command.Budget));
        var now = clock.GetUtcNow();
        await management.SaveTownConfigAsync(command.TownId, updated, now, cancellationToken);

        // A changed budget may lift a pause: forget the town's cached verdict and wake its rigs now, not at their next tick.
        if (updated.Budget != stored.Budget)
        {
            budgets.Forget(command.TownId);
            foreach (var rig in await directory.ListRigsAsync(command.TownId, cancellationToken))
            {
                if (!ledgers.Exists(rig.Id)) continue;
                await using var ledger = await ledgers.OpenAsync(rig.Id, LedgerAccess.Write, cancellationToken);
                await ledger.Alarm.ArmAsync(now, cancellationToken);
                await ledger.CommitAsync(cancellationToken);
            }
        }

        // New town credentials may open (or close) the town's repositories: check each rig again.
        if (command.Git is not null && updated.Git != stored.Git)
        {
            foreach (var rig in await directory.ListRigsAsync(command.TownId, cancellationToken))
            {
                await management.SetRigHealthAsync(rig.Id, new Domain.Rigs.RigHealth(Domain.Rigs.RigHealthStatus.Checking, null, now), cancellationToken);
                background.CheckRigHealth(rig.Id);
            }
        }
        return TownConfigResponse.From(updated);
    }

    /// <summary>null keeps, "" clears, anything else replaces.</summary>
    private static string? Text(string? stored, string? sent) => sent is null ? stored : sent.Length == 0 ? null : sent;

    private static bool Keeps(string? secret) => secret is null or TownConfigResponse.Masked;

    /// <summary>
    /// One map of the patch (agents by role, endpoints by provider): a null entry removes its key; otherwise
    /// <paramref name="merge"/> applies the patch to the stored value, and a value with nothing left set (null) removes
    /// the key too. No map sent: the stored one stays.
    /// </summary>
    private static IReadOnlyDictionary<string, TStored>? MergeMap<TStored, TPatch>(
        IReadOnlyDictionary<string, TStored>? stored, IReadOnlyDictionary<string, TPatch?>? sent, Func<TStored?, TPatch, TStored?> merge)
        where TStored : class
        where TPatch : class
    {
        if (sent is null) return stored;
        var merged = new Dictionary<string, TStored>(stored ?? new Dictionary<string, TStored>());
        foreach (var (key, patch) in sent)
        {
            if (patch is not null && merge(merged.GetValueOrDefault(key), patch) is { } next) merged[key] = next;
            else merged.Remove(key);
        }
        return merged;
    }

    private static StoredRoleAgent? MergeAgent(StoredRoleAgent? current, RoleAgentPatch patch)
    {
        var next = new StoredRoleAgent(Text(current?.Preset, patch.Preset), Text(current?.Model, patch.Model));
        return next is { Preset: null, Model: null } ? null : next;
    }

    private StoredEndpoint? MergeEndpoint(StoredEndpoint? current, EndpointPatch patch)
    {
        var key = Keeps(patch.ApiKey) ? current?.ApiKeyProtected : patch.ApiKey!.Length == 0 ? null : secrets.Protect(patch.ApiKey);
        var next = new StoredEndpoint(Text(current?.BaseUrl, patch.BaseUrl), key);
        return next is { BaseUrl: null, ApiKeyProtected: null } ? null : next;
    }

    private IReadOnlyDictionary<string, string>? MergeEnvVars(IReadOnlyDictionary<string, string>? stored, IReadOnlyDictionary<string, string?>? sent)
    {
        if (sent is null) return stored;
        var merged = new Dictionary<string, string>(stored ?? new Dictionary<string, string>());
        foreach (var (name, value) in sent)
        {
            if (value is null) merged.Remove(name);
            else if (value != TownConfigResponse.Masked) merged[name] = secrets.Protect(value);
        }
        return merged;
    }

    /// <summary>Per limit: null keeps, 0 removes, a positive number sets; no limit left: no budget.</summary>
    private static StoredBudget? MergeBudget(StoredBudget? stored, BudgetPatch? sent)
    {
        if (sent is null) return stored;
        static T? Limit<T>(T? current, T? patch) where T : struct, IComparable<T> =>
            patch is not { } value ? current : value.CompareTo(default) == 0 ? null : value;
        var merged = new StoredBudget(
            Limit(stored?.TokensPerDay, sent.TokensPerDay), Limit(stored?.UsdPerDay, sent.UsdPerDay), Limit(stored?.UsdPerBead, sent.UsdPerBead));
        return merged is { TokensPerDay: null, UsdPerDay: null, UsdPerBead: null } ? null : merged;
    }

    private (StoredGitCredentials? Value, string? Error) MergeGit(StoredGitCredentials? stored, GitCredentialsPatch? sent)
    {
        if (sent is null) return (stored, null);
        var username = Text(stored?.Username, sent.Username);
        if (sent.Token == "" || (sent.Username == "" && sent.Token is null)) return (null, null);
        var token = Keeps(sent.Token) ? stored?.TokenProtected : secrets.Protect(sent.Token!);
        if (username is null && token is null) return (null, null);
        if (username is null) return (null, "'git.username' is needed with a token.");
        if (token is null) return (null, "'git.token' must be set with a username.");
        return (new StoredGitCredentials(username, token), null);
    }
}
