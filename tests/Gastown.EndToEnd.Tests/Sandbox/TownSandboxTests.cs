using System.Net.Http.Json;
using System.Text.Json;
using Gastown.EndToEnd.Tests.Support;
using Shouldly;

namespace Gastown.EndToEnd.Tests.Sandbox;

/// <summary>
/// Issue 21's black-box test: two users on one server; the second user's agent (the command preset) and review gate
/// run a probe that tries every known way out of its town — the server's environment, other processes' environments
/// through /proc, the key ring and token key, the ledgers and directory, other rigs' workspaces and homes, writes into
/// the data directory and the git credential prompt, the server's configuration files — and reports what it found
/// through channels that user can read (a file its agent commits and Gastown merges; the gate's output in the review
/// queue). Nothing may be found, and the work must still merge.
/// </summary>
public class TownSandboxTests : ServerTest
{
    // Planted in the server's environment as an operator would have them: names with and without the old scrub's words.
    private readonly string _secret = "gtsecret-" + Guid.NewGuid().ToString("N");

    private static string ProgramFolder => System.IO.Path.GetDirectoryName(GastownServer.ProgramPath)!;

    /// <summary>The probe: `sh probe.sh ROLE DATA BIN SECRET…`. Prints "FOUND what: evidence" for each way out that worked.</summary>
    private const string Probe = """
        role="$1"; data="$2"; bin="$3"; shift 3
        found=0
        hit() { found=$((found+1)); printf 'FOUND %s: %s\n' "$1" "$2"; }
        has_secret() { text=$(cat); for s in $SECRETS; do printf '%s' "$text" | grep -qF "$s" && return 0; done; return 1; }
        SECRETS="$*"
        own=$(pwd | sed -n 's|.*/workspaces/rigs/\([^/]*\)/.*|\1|p')
        printf 'own rig %s\n' "$own"
        env | has_secret && hit env "a server variable is in my environment"
        env | grep -qE '^(Gastown|ASPNETCORE_|DOTNET_)' && hit server-settings "$(env | grep -E '^(Gastown|ASPNETCORE_|DOTNET_)' | cut -d= -f1 | tr '\n' ' ')"
        for f in /proc/[0-9]*/environ; do tr '\0' '\n' < "$f"; done 2>/dev/null | has_secret && hit proc-environ "another process's environment"
        for f in /proc/[0-9]*/cmdline; do tr '\0' ' ' < "$f"; echo; done 2>/dev/null | grep -q 'Gastown[.]Web[.]dll' && hit server-process "the server is in /proc"
        printf 'processes %s\n' "$(ls -d /proc/[0-9]* | wc -l)"
        [ -e "$data/keys" ] && hit keys "$(ls "$data/keys" 2>&1 | head -c 200)"
        [ -e "$data/agent-token.key" ] && hit token-key "$(head -c 20 "$data/agent-token.key" 2>&1 | od -An -c | head -c 60)"
        [ -e "$data/ledgers" ] && hit ledgers "$(ls "$data/ledgers" 2>&1 | head -c 200)"
        [ -e "$data/directory.db" ] && hit directory "$data/directory.db"
        for d in "$data"/workspaces/rigs/*; do [ -d "$d" ] && [ "$(basename "$d")" != "$own" ] && hit other-rig "$d: $(ls -A "$d" | head -c 100)"; done
        for d in "$data"/workspaces/towns/*; do [ -d "$d" ] && hit town-workspace "$d"; done
        for d in "$data"/workspaces/homes/*; do [ -d "$d" ] && [ "$d" != "$HOME" ] && hit other-home "$d"; done
        touch "$data/written-by-$role" 2>/dev/null # the host must not see it (the test looks there)
        printf '\necho pwned-by-%s\n' "$role" >> "$data/workspaces/.gastown/git-askpass.sh" 2>/dev/null && hit askpass "the credential prompt is writable"
        grep -qs Logging "$bin/appsettings.json" && hit appsettings "$bin/appsettings.json is readable"
        cat "$bin"/appsettings*.json 2>/dev/null | has_secret && hit appsettings-secret "a secret in the server's configuration"
        printf 'env %s\n' "$(env | cut -d= -f1 | sort | tr '\n' ' ')"
        printf 'probe done (%s), %s found\n' "$role" "$found"
        """;

    // The agent: runs the probe, commits its report, says done (the command preset's whole job).
    private string AgentScript =>
        $"sh probe.sh agent '{DataDirectory}' '{ProgramFolder}' {string.Join(' ', Secrets.Select(s => $"'{s}'"))} > escape-report.txt 2>&1; " +
        "git add escape-report.txt && git commit -qm 'Escape report' && " +
        "curl -sS -X POST -H \"Authorization: Bearer $GASTOWN_SESSION_TOKEN\" -H 'content-type: application/json' " +
        "-d '{\"summary\":\"probe\"}' \"$GASTOWN_API_URL/api/agent/$GASTOWN_AGENT_ID/done\"; sleep 30";

    /// <summary>Every value the probe must not find anywhere.</summary>
    protected virtual IReadOnlyList<string> Secrets => [_secret];

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>(AgentCommand("polecat", "/bin/sh", "-c", AgentScript))
    {
        // The operator's keys and settings, in the server's environment.
        ["OPENAI_API_KEY"] = _secret,
        ["DATABASE_URL"] = $"postgres://gastown:{_secret}@db/gastown",
        ["UPSTREAM_ENDPOINT"] = $"https://{_secret}.example",
        ["Gastown:Agents:Endpoints:Anthropic:ApiKey"] = _secret,
    };

    [Fact]
    public async Task A_second_users_agent_and_gate_find_nothing_of_the_server_or_other_towns_and_their_work_merges()
    {
        BubblewrapRequirement.Require();
        var askpass = System.IO.Path.Combine(DataDirectory, "workspaces", ".gastown", "git-askpass.sh");
        var files = new Dictionary<string, string> { ["probe.sh"] = Probe.ReplaceLineEndings("\n") + "\n" };

        // The first user (admin) works a bead in a town of their own, so its workspace, home and ledger exist.
        var adminOrigin = await BareRepository.CreateAsync(Temp.Sub("repos-admin"), files);
        var adminRig = await Api.CreateRigAsync(TownId, "probe", adminOrigin.Path);
        var adminBead = await Api.SlingAsync(adminRig, "Admin's work");
        await Api.BeadReachesAsync(adminRig, adminBead.Bead.Id, "closed");

        // The second user, with a private repository (its credentials go through the credential prompt), and a gate.
        var bob = new GastownApi(Server.Client(await OperatorCli.AddUserAsync(DataDirectory, "bob", StorageSettings)));
        var town = await bob.CreateTownAsync("beta");
        await bob.UpdateTownConfigAsync(town, new { git = new { username = "bob", token = "bob-git-token-12345" }, envVars = new Dictionary<string, string> { ["BOB_VAR"] = "bob-value" } });
        var origin = await BareRepository.CreateAsync(Temp.Sub("repos-bob"), files);
        var rig = await bob.CreateRigAsync(town, "app", origin.Path);
        string[] gate = ["sh", "probe.sh", "gate", DataDirectory, ProgramFolder, .. Secrets];
        using (var patched = await bob.Http.PatchAsJsonAsync($"api/rigs/{rig}", new { review = new { gates = new[] { gate } } }))
            patched.IsSuccessStatusCode.ShouldBeTrue(await patched.Content.ReadAsStringAsync());
        var askpassBefore = File.Exists(askpass) ? await File.ReadAllTextAsync(askpass) : null;

        var sling = await bob.SlingAsync(rig, "Probe the sandbox");
        var bead = await bob.BeadReachesAsync(rig, sling.Bead.Id, "closed", "open");
        bead.Status.ShouldBe("closed", Server.Log);

        // What the agent found, read back from the user's own repository (it was merged).
        var report = await origin.ShowFileAsync("escape-report.txt");
        report.ShouldContain("probe done (agent), 0 found", customMessage: report);
        Findings(report).ShouldBeEmpty(report);
        ProcessCount(report).ShouldBeLessThanOrEqualTo(8, "its own PID namespace: bwrap, the shell and the probe's pipeline only");
        var agentEnvironment = EnvironmentNames(report);
        agentEnvironment.ShouldContain("BOB_VAR", "the town's own variables reach its agent");
        agentEnvironment.ShouldContain("GASTOWN_SESSION_TOKEN");
        agentEnvironment.ShouldAllBe(name => AllowedForAgents(name), string.Join(' ', agentEnvironment));

        // What the gate found, from the user's own review queue.
        using var reviews = await bob.Http.GetAsync($"api/rigs/{rig}/reviews");
        var queue = JsonDocument.Parse(await reviews.Content.ReadAsStringAsync()).RootElement;
        var gateOutput = queue.EnumerateArray().SelectMany(entry => entry.GetProperty("gates").EnumerateArray())
            .Select(result => result.GetProperty("output").GetString()!).ShouldHaveSingleItem();
        gateOutput.ShouldContain("probe done (gate), 0 found", customMessage: gateOutput);
        Findings(gateOutput).ShouldBeEmpty(gateOutput);
        ProcessCount(gateOutput).ShouldBeLessThanOrEqualTo(8);
        EnvironmentNames(gateOutput).ShouldAllBe(name => AllowedForGates(name), gateOutput);

        // And on the host: nothing written into the data directory, the credential prompt untouched.
        Directory.GetFiles(DataDirectory, "written-by-*").ShouldBeEmpty();
        if (askpassBefore is not null) (await File.ReadAllTextAsync(askpass)).ShouldBe(askpassBefore);
        (await origin.LogAsync()).Count.ShouldBeGreaterThan(1);
    }

    private static string[] Findings(string report) =>
        [.. System.Text.RegularExpressions.Regex.Matches(report, "FOUND [^:]*:").Select(match => match.Value)];

    // Parsed by pattern: the review queue shows a gate's output with its line breaks folded (and the server's paths hidden).
    private static int ProcessCount(string report) =>
        int.Parse(Match(report, @"processes (\d+)"), System.Globalization.CultureInfo.InvariantCulture);

    private static string[] EnvironmentNames(string report) =>
        Match(report, @"env (.*?)\s+probe done").Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries);

    private static string Match(string report, string pattern)
    {
        var value = System.Text.RegularExpressions.Regex.Match(report, pattern, System.Text.RegularExpressions.RegexOptions.Singleline).Groups[1].Value;
        value.ShouldNotBeEmpty(report);
        return value;
    }

    // The allow-list (Infrastructure/Sandbox/SandboxEnvironment), what the shell itself sets, and what Gastown sets.
    private static readonly string[] HostAllowed =
        ["PATH", "LANG", "LANGUAGE", "TERM", "TZ", "HOME", "USER", "LOGNAME", "PWD", "OLDPWD", "SHLVL", "_",
         "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "no_proxy", "all_proxy",
         "SSL_CERT_FILE", "SSL_CERT_DIR", "NODE_EXTRA_CA_CERTS"];

    private static bool AllowedForGates(string name) =>
        HostAllowed.Contains(name) || name.StartsWith("LC_", StringComparison.Ordinal) || name is "CI" or "GIT_TERMINAL_PROMPT" or "BOB_VAR";

    private static bool AllowedForAgents(string name) =>
        AllowedForGates(name) || name.StartsWith("GASTOWN_", StringComparison.Ordinal) || name.StartsWith("GIT_", StringComparison.Ordinal);
}

/// <summary>The same on PostgreSQL: the connection string and the cluster secret must not be found either.</summary>
public sealed class PostgresTownSandboxTests(Gastown.Testing.PostgresFixture postgres) : TownSandboxTests
{
    protected override Gastown.Testing.TestStorage Storage => Gastown.Testing.TestStorage.Postgres(postgres);

    protected override IReadOnlyList<string> Secrets =>
        [.. base.Secrets, "test-cluster-secret", .. ConnectionSecrets()];

    // The password of the test database's connection string, as stored in the server's settings.
    private IEnumerable<string> ConnectionSecrets() =>
        StorageSettings.TryGetValue("Gastown:Storage:ConnectionString", out var connection) && connection is not null
            ? connection.Split(';').Where(part => part.StartsWith("Password=", StringComparison.OrdinalIgnoreCase) || part.StartsWith("Database=", StringComparison.OrdinalIgnoreCase))
                .Select(part => part[(part.IndexOf('=') + 1)..]).Where(value => value.Length >= 6)
            : [];
}
