using System.Text.RegularExpressions;

namespace Gastown.Application.Towns.UpdateTownConfig;

/// <summary>Each bad field is named by its JSON path: <c>agents.polecat.preset</c>, <c>endpoints.openai.baseUrl</c>, <c>envVars.NAME</c>, <c>git.token</c>.</summary>
internal sealed partial class UpdateTownConfigValidator : AbstractValidator<UpdateTownConfigCommand>
{
    /// <summary>The agent presets a town may choose (the server's Gastown:Agents presets).</summary>
    public static readonly IReadOnlyList<string> Presets = ["demo", "claude", "codex", "opencode", "kilo", "gemini", "command"];

    public static readonly IReadOnlyList<string> Roles = ["polecat", "mayor"];

    public static readonly IReadOnlyList<string> Providers = ["anthropic", "openai", "gemini"];

    public const int MinPolecats = 1;
    public const int MaxPolecats = 20;
    public const int MaxEnvVars = 50;
    public const int MaxSecretLength = 4096;
    public const decimal MaxUsd = 1_000_000m;

    // Names Gastown sets itself, or that would change how the agent's process or its git runs.
    private static readonly string[] ReservedPrefixes = ["GASTOWN", "GIT_", "LD_", "DOTNET_", "ASPNETCORE_"];
    private static readonly string[] ReservedNames = ["PATH", "HOME", "SHELL", "USER"];

    public UpdateTownConfigValidator()
    {
        RuleFor(x => x.DefaultModel).MustBeModel();
        RuleFor(x => x.MaxPolecatsPerRig)
            .InclusiveBetween(MinPolecats, MaxPolecats).When(x => x.MaxPolecatsPerRig is not null)
            .WithMessage($"'maxPolecatsPerRig' must be between {MinPolecats} and {MaxPolecats}.");
        RuleFor(x => x).Custom((command, context) =>
        {
            foreach (var (role, patch) in command.Agents ?? new Dictionary<string, RoleAgentPatch?>())
            {
                if (!Roles.Contains(role))
                {
                    context.AddFailure($"agents.{role}", $"'agents' takes only {string.Join(" and ", Roles)}.");
                    continue;
                }
                if (patch?.Preset is { Length: > 0 } preset && !Presets.Contains(preset))
                    context.AddFailure($"agents.{role}.preset", $"'preset' must be one of {string.Join(", ", Presets)}.");
                if (patch?.Model is { } model && !IsModel(model))
                    context.AddFailure($"agents.{role}.model", $"'model' must be at most {RuleExtensions.MaxModelLength} characters with no control characters.");
            }

            foreach (var (provider, patch) in command.Endpoints ?? new Dictionary<string, EndpointPatch?>())
            {
                if (!Providers.Contains(provider))
                {
                    context.AddFailure($"endpoints.{provider}", $"'endpoints' takes only {string.Join(", ", Providers)}.");
                    continue;
                }
                if (patch?.BaseUrl is { Length: > 0 } url && !IsHttpUrl(url))
                    context.AddFailure($"endpoints.{provider}.baseUrl", "'baseUrl' must be an http:// or https:// address.");
                if (patch?.ApiKey is { } key && !IsSecret(key))
                    context.AddFailure($"endpoints.{provider}.apiKey", $"'apiKey' must be at most {MaxSecretLength} characters with no control characters.");
            }

            var envVars = command.EnvVars ?? new Dictionary<string, string?>();
            if (envVars.Count > MaxEnvVars) context.AddFailure("envVars", $"'envVars' may hold at most {MaxEnvVars} variables.");
            foreach (var (name, value) in envVars)
            {
                if (!EnvName().IsMatch(name) || ReservedNames.Contains(name, StringComparer.OrdinalIgnoreCase)
                    || ReservedPrefixes.Any(prefix => name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)))
                    context.AddFailure($"envVars.{name}", "'envVars' names are letters, digits and '_' (not starting with a digit), and not one Gastown or the system reserves (GASTOWN*, GIT_*, LD_*, DOTNET_*, PATH, HOME, …).");
                else if (value is not null && !IsSecret(value))
                    context.AddFailure($"envVars.{name}", $"'envVars' values must be at most {MaxSecretLength} characters with no control characters.");
            }

            if (command.Budget is { } budget)
            {
                if (budget.TokensPerDay is < 0)
                    context.AddFailure("budget.tokensPerDay", "'budget.tokensPerDay' must be a positive number of tokens (0 removes the limit).");
                if (budget.UsdPerDay is { } perDay && (perDay < 0 || perDay > MaxUsd))
                    context.AddFailure("budget.usdPerDay", $"'budget.usdPerDay' must be a positive amount of USD up to {MaxUsd} (0 removes the limit).");
                if (budget.UsdPerBead is { } perBead && (perBead < 0 || perBead > MaxUsd))
                    context.AddFailure("budget.usdPerBead", $"'budget.usdPerBead' must be a positive amount of USD up to {MaxUsd} (0 removes the limit).");
            }

            if (command.Git is { } git)
            {
                if (git.Username is { Length: > 0 } user && (user.Length > 256 || user.Any(c => char.IsControl(c) || c is ':' or '@' or '/')))
                    context.AddFailure("git.username", "'git.username' must be at most 256 characters, without control characters, ':', '@' or '/'.");
                if (git.Token is { } token && !IsSecret(token))
                    context.AddFailure("git.token", $"'git.token' must be at most {MaxSecretLength} characters with no control characters.");
            }
        });
    }

    private static bool IsModel(string model) => model.Length <= RuleExtensions.MaxModelLength && !model.Any(char.IsControl);

    private static bool IsSecret(string value) => value.Length <= MaxSecretLength && !value.Any(char.IsControl);

    private static bool IsHttpUrl(string url) =>
        url.Length <= 2048 && Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Host.Length > 0;

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,127}$")]
    private static partial Regex EnvName();
}
