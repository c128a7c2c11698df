namespace Gastown.Cli.Api;

/// <summary>
/// Finds what a command names — a town, rig, bead, agent or review — by name, id or an id's first characters (as
/// the tables show them), within the town in force. A name matching nothing exits 3; one matching several exits 2.
/// </summary>
internal sealed class Targets(CommandContext context)
{
    private const int MinimumPrefix = 4;

    private GastownApi Api => context.Api;

    private CancellationToken Ct => context.Cancellation;

    /// <summary>--town, else the town set with `gastown use` (GASTOWN_TOWN overrides it), else the only town.</summary>
    public async Task<TownResponse> TownAsync()
    {
        var towns = (await Api.ApiTownsGetAsync(Ct)).ToList();
        if (context.TownOption is { } given) return Pick(towns, given, t => t.Id, t => t.Name, "town", "");
        if ((context.Terminal.Variable("GASTOWN_TOWN") ?? context.Config.Town) is { } chosen)
        {
            var found = towns.FirstOrDefault(t => t.Id.ToString() == chosen || t.Name == chosen);
            return found ?? throw CliException.NotFound($"the town set with `gastown use` ({chosen}) no longer exists; pick another with `gastown use <town>`.");
        }
        return towns.Count switch
        {
            1 => towns[0],
            0 => throw CliException.Usage("no town yet: create one with `gastown town create <name>`."),
            _ => throw CliException.Usage($"{towns.Count} towns ({string.Join(", ", towns.Select(t => t.Name).Order(StringComparer.Ordinal))}): pick one with --town <town> or `gastown use <town>`."),
        };
    }

    public async Task<TownDetails> TownDetailsAsync() => await Api.ApiTownsGetAsync((await TownAsync()).Id, Ct);

    public async Task<RigResponse> RigAsync(TownDetails town, string rig) => Pick(town.Rigs, rig, r => r.Id, r => r.Name, "rig", $" in town {town.Name}");

    /// <summary>A bead of the town (or of one rig): its full id, or its id's first characters.</summary>
    public async Task<(RigResponse Rig, BeadResponse Bead)> BeadAsync(TownDetails town, string bead, string? rig = null)
    {
        var rigs = rig is null ? town.Rigs.ToList() : [await RigAsync(town, rig)];
        var found = new List<(RigResponse Rig, BeadResponse Bead)>();
        foreach (var candidate in rigs)
            foreach (var item in await AllBeadsAsync(candidate.Id, status: null))
                if (Matches(item.Id, bead)) found.Add((candidate, item));
        return One(found, bead, f => f.Bead.Id, "bead", $" in town {town.Name}");
    }

    /// <summary>Every bead of a rig (newest first), page after page.</summary>
    public async Task<List<BeadResponse>> AllBeadsAsync(Guid rigId, string? status)
    {
        var beads = new List<BeadResponse>();
        string? cursor = null;
        do
        {
            var page = await Api.ApiRigsBeadsGetWithCursorAsync(rigId, status, 500, cursor, Ct);
            beads.AddRange(page.Items);
            cursor = page.NextCursor;
        }
        while (cursor is not null);
        return beads;
    }

    /// <summary>An agent of the town by name or id: a rig's polecat, or the mayor ("mayor").</summary>
    public async Task<(RigResponse? Rig, AgentResponse Agent)> AgentAsync(TownDetails town, string agent)
    {
        var found = new List<(RigResponse? Rig, AgentResponse Agent)>();
        var mayor = (await Api.ApiTownsMayorAsync(town.Id, Ct)).Mayor;
        if (mayor is not null) found.Add((null, mayor));
        foreach (var rig in town.Rigs)
            found.AddRange((await Api.ApiRigsAgentsGetAsync(rig.Id, Ct)).Select(a => ((RigResponse?)rig, a)));
        var byName = found.Where(f => string.Equals(f.Agent.Name, agent, StringComparison.OrdinalIgnoreCase)
            || (f.Rig is null && string.Equals(agent, "mayor", StringComparison.OrdinalIgnoreCase))).ToList();
        if (byName.Count == 1) return byName[0];
        return One(found.Where(f => Matches(f.Agent.Id, agent)).ToList(), agent, f => f.Agent.Id, "agent", $" in town {town.Name}");
    }

    /// <summary>A review of the town by its id or its id's first characters.</summary>
    public async Task<TownReviewResponse> ReviewAsync(TownDetails town, string review)
    {
        var reviews = await Api.ApiTownsReviewsAsync(town.Id, status: null, limit: 500, Ct);
        return One(reviews.Where(r => Matches(r.Review.Id, review)).ToList(), review, r => r.Review.Id, "review", $" in town {town.Name}");
    }

    /// <summary>A convoy of the town by its title, id or its id's first characters.</summary>
    public async Task<ConvoyResponse> ConvoyAsync(TownResponse town, string convoy) =>
        Pick(await Api.ApiTownsConvoysGetAsync(town.Id, status: null, Ct), convoy, c => c.Id, c => c.Title, "convoy", $" in town {town.Name}");

    /// <summary>One of an agent's past runs by its id or its id's first characters.</summary>
    public static AgentRunResponse Run(IEnumerable<AgentRunResponse> runs, string run) =>
        One(runs.Where(r => Matches(r.Id, run)).ToList(), run, r => r.Id, "run", " of this agent");

    private static T Pick<T>(IEnumerable<T> items, string key, Func<T, Guid> id, Func<T, string> name, string kind, string where)
    {
        var all = items.ToList();
        var named = all.Where(item => name(item) == key).ToList();
        if (named.Count == 1) return named[0];
        return One(all.Where(item => Matches(id(item), key)).ToList(), key, id, kind, where);
    }

    private static T One<T>(List<T> found, string key, Func<T, Guid> id, string kind, string where) => found.Count switch
    {
        1 => found[0],
        0 => throw CliException.NotFound($"no {kind} '{key}'{where}."),
        _ => throw CliException.Usage($"'{key}' names {found.Count} {kind}s{where} ({string.Join(", ", found.Select(f => id(f).ToString()))}): give more of the id."),
    };

    private static bool Matches(Guid id, string key) =>
        Guid.TryParse(key, out var full) ? id == full : key.Length >= MinimumPrefix && id.ToString("N").StartsWith(key.Replace("-", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);
}
