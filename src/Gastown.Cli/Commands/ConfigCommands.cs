using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Gastown.Cli.Commands;

/// <summary>
/// `config get [key]` and `config set <key> [value]`: the town's config, by dotted keys (defaultModel,
/// maxPolecatsPerRig, agents.ROLE.preset|model, endpoints.NAME.baseUrl|apiKey, envVars.NAME, git.username|token,
/// budget.tokensPerDay|usdPerDay|usdPerBead). Secrets (an endpoint's apiKey, envVars, git.token) are never taken on
/// the command line, where shell history and process lists would keep them: they are asked for without echo (or read
/// from stdin), and the server shows them as ****.
/// </summary>
internal static class ConfigCommands
{
    public static IEnumerable<Command> Build(CommandFactory commands)
    {
        var getKey = new Argument<string?>("key") { Description = "A dotted key (e.g. budget.usdPerDay); none: the whole config.", Arity = ArgumentArity.ZeroOrOne };
        var get = commands.Create("get", "Show the town's config (secrets as ****).", async (context, parse) =>
        {
            var town = await context.Targets.TownAsync();
            var config = await context.Api.ApiTownsConfigGetAsync(town.Id, context.Cancellation);
            var node = JsonSerializer.SerializeToNode(config, Printer.JsonOptions)!;
            if (parse.GetValue(getKey) is { } key)
            {
                foreach (var part in key.Split('.'))
                    node = node is JsonObject map && map.TryGetPropertyValue(part, out var child) && child is not null ? child : throw CliException.NotFound($"the town's config has no '{key}'.");
            }
            if (context.Print.Json || node is JsonObject or JsonArray) context.Print.Line(node.ToJsonString(Printer.JsonOptions));
            else context.Print.Line(node.ToString());
        }, getKey);

        var setKey = new Argument<string>("key") { Description = "A dotted key, e.g. defaultModel, budget.usdPerDay, endpoints.openai.apiKey." };
        var value = new Argument<string?>("value") { Description = "The value ('' clears a text value); left out for a secret, which is asked for.", Arity = ArgumentArity.ZeroOrOne };
        var set = commands.Create("set", "Change one value of the town's config.", async (context, parse) =>
        {
            var key = parse.GetRequiredValue(setKey);
            var given = parse.GetValue(value);
            var secret = IsSecret(key);
            if (secret && given is not null)
                throw CliException.Usage($"{key} is a secret: leave the value out and type it at the prompt (or pipe it on stdin), so it stays out of your shell history.");
            if (!secret && given is null) throw CliException.Usage($"give a value for {key}.");
            var town = await context.Targets.TownAsync();
            var text = given ?? context.Terminal.ReadSecret($"{key}:");
            var config = await context.Api.ApiTownsConfigPatchAsync(town.Id, Patch(key, text), context.Cancellation);
            context.Print.Done($"Set {key} of town {town.Name}{(secret ? " (stored encrypted, shown as ****)" : "")}.", config);
        }, setKey, value);

        yield return CommandFactory.Group("config", "Show or change the town's config.", get, set);
    }

    private static bool IsSecret(string key) =>
        key.StartsWith("envVars.", StringComparison.Ordinal) || key == "git.token" || (key.StartsWith("endpoints.", StringComparison.Ordinal) && key.EndsWith(".apiKey", StringComparison.Ordinal));

    private static UpdateTownConfigBody Patch(string key, string value)
    {
        var parts = key.Split('.');
        var body = new UpdateTownConfigBody();
        switch (parts)
        {
            case ["defaultModel"]: body.DefaultModel = value; break;
            case ["maxPolecatsPerRig"]: body.MaxPolecatsPerRig = Integer(key, value); break;
            case ["agents", var role, "preset"]: body.Agents = new Dictionary<string, RoleAgentPatch> { [role] = new() { Preset = value } }; break;
            case ["agents", var role, "model"]: body.Agents = new Dictionary<string, RoleAgentPatch> { [role] = new() { Model = value } }; break;
            case ["endpoints", var name, "baseUrl"]: body.Endpoints = new Dictionary<string, EndpointPatch> { [name] = new() { BaseUrl = value } }; break;
            case ["endpoints", var name, "apiKey"]: body.Endpoints = new Dictionary<string, EndpointPatch> { [name] = new() { ApiKey = value } }; break;
            case ["envVars", var name]: body.EnvVars = new Dictionary<string, string> { [name] = value }; break;
            case ["git", "username"]: body.Git = new GitCredentialsPatch { Username = value }; break;
            case ["git", "token"]: body.Git = new GitCredentialsPatch { Token = value }; break;
            case ["budget", "tokensPerDay"]: body.Budget = new BudgetPatch { TokensPerDay = Integer(key, value) }; break;
            case ["budget", "usdPerDay"]: body.Budget = new BudgetPatch { UsdPerDay = Number(key, value) }; break;
            case ["budget", "usdPerBead"]: body.Budget = new BudgetPatch { UsdPerBead = Number(key, value) }; break;
            default:
                throw CliException.Usage($"unknown config key '{key}': one of defaultModel, maxPolecatsPerRig, agents.ROLE.preset, agents.ROLE.model, " +
                    "endpoints.NAME.baseUrl, endpoints.NAME.apiKey, envVars.NAME, git.username, git.token, budget.tokensPerDay, budget.usdPerDay, budget.usdPerBead.");
        }
        return body;
    }

    private static int Integer(string key, string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) ? number : throw CliException.Usage($"{key} must be a whole number, not '{value}'.");

    private static double Number(string key, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number : throw CliException.Usage($"{key} must be a number, not '{value}'.");
}
