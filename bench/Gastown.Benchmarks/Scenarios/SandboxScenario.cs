using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Gastown.Application.Common.Ports;
using Gastown.Benchmarks.Support;
using Gastown.Domain.Agents;
using Gastown.Infrastructure.Container;
using Gastown.Infrastructure.Sandbox;
using Microsoft.Extensions.Logging.Abstractions;
using static Gastown.Benchmarks.Support.Report;
using OptionsOf = Microsoft.Extensions.Options.Options;

namespace Gastown.Benchmarks.Scenarios;

/// <summary>
/// What the town sandbox (issue 21, decision 0021) costs, every figure against <c>Gastown:Sandbox:Mode=none</c> in the
/// same run:
/// <list type="number">
/// <item>Agent start: a real <see cref="ProcessTownContainer"/> per mode and agent (the built-in demo agent, and a
/// command agent <c>/bin/sh -c 'echo ready'</c>), each start a new polecat on a new branch of a real clone (so the
/// workspace's git work is in it, sandboxed too), timed from the <c>StartAgentAsync</c> call to its return and to the
/// agent's first stdout line in the event feed. The two modes alternate start by start (order swapped every round).</item>
/// <item>One git command (<c>git rev-parse HEAD</c> on a real clone) started through each mode's
/// <see cref="ISandbox.StartInfo"/> as the server's git runner does, alternating.</item>
/// <item>The drain scenario (<see cref="DrainScenario"/>: the real server as its own process, demo agent, real git),
/// once per mode, after one serial git floor.</item>
/// </list>
/// </summary>
public static class SandboxScenario
{
    public const string Name = "sandbox";
    private const string NoSandbox = "none";
    private const string Bubblewrap = "bubblewrap";
    private static readonly string[] Modes = [NoSandbox, Bubblewrap];

    public static async Task RunAsync(RunOptions options)
    {
        var starts = options.Quick ? 10 : 50;
        var gitRuns = options.Quick ? 50 : 200;
        var beads = options.Beads ?? (options.Quick ? 20 : 100);
        Console.WriteLine($"== {Name}: sandbox none vs bubblewrap — {starts} agent starts per mode and agent, {gitRuns} git commands per mode, a drain of {beads} beads per mode");
        var root = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"gastown-bench-sandbox-{Guid.NewGuid():N}")).FullName;
        try
        {
            var origin = await Git.OriginAsync(root, "origin.git");
            // Each part on its own: one failing does not cost the others.
            await PartAsync("agent start", () => AgentStartsAsync(root, origin, starts));
            await PartAsync("git command", () => GitCommandsAsync(root, origin, gitRuns));
            await PartAsync("drain", () => DrainsAsync(options, root, beads));
        }
        finally
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
            }
        }
    }

    private static async Task PartAsync(string part, Func<Task> run)
    {
        try
        {
            await run();
        }
        catch (Exception exception)
        {
            Note($"{Name}: the {part} part failed: {exception.GetType().Name}: {exception.Message}");
            Console.WriteLine(exception);
        }
    }

    /// <summary>The sandbox of one mode as the server makes it (<see cref="Sandboxes.Create"/>), or an exception saying why it cannot work here.</summary>
    private static ISandbox SandboxFor(string mode, string workspaceRoot)
    {
        var sandbox = Sandboxes.Create(new SandboxOptions { Mode = mode }, isProduction: false, SandboxHost.For(workspaceRoot, null), NullLogger.Instance);
        if (sandbox.Problem is { } problem) throw new InvalidOperationException($"sandbox {mode} cannot start processes here: {problem}");
        return sandbox;
    }

    // ---- 1. agent start ----

    private sealed record Agent(string Key, string Description, string FirstLine, AgentCommandOptions? Command);

    private static readonly Agent[] Agents =
    [
        new("sh", "command agent `/bin/sh -c 'echo ready'`", "ready", new AgentCommandOptions { Command = ["/bin/sh", "-c", "echo ready"] }),
        new("demo", "demo agent (`dotnet Gastown.Web.dll demo-agent`)", "demo polecat ", null),
    ];

    /// <summary>One container: one mode, one agent command, its own workspace root and rig (a clone of the shared origin).</summary>
    private sealed class Cell : IAsyncDisposable
    {
        private readonly ProcessTownContainer _container;
        private readonly AgentEventFeed _feed;
        private readonly Guid _townId = Guid.NewGuid();
        private readonly RepositoryRef _repository;
        private int _next;

        public Cell(string root, string origin, string mode, Agent agent, Uri deadApi)
        {
            Mode = mode;
            Agent = agent;
            var options = new ContainerOptions
            {
                WorkspaceRoot = Path.Combine(root, $"workspaces-{mode}-{agent.Key}"),
                StopGracePeriod = TimeSpan.FromMilliseconds(500),
                // As the web host sets it: the server's own dll (here beside the bench's) as `demo-agent`.
                DemoAgentCommand = [DotnetHost.Path, typeof(Program).Assembly.Location, "demo-agent"],
            };
            if (agent.Command is { } command) options.Agents["polecat"] = command;
            Sandbox = SandboxFor(mode, options.WorkspaceRoot);
            _feed = new AgentEventFeed(OptionsOf.Create(options));
            _container = new ProcessTownContainer(OptionsOf.Create(options), _feed, new FixedApiAddress(deadApi),
                NullLogger<ProcessTownContainer>.Instance, sandbox: Sandbox);
            _repository = new RepositoryRef(Guid.NewGuid(), origin, "main");
        }

        public string Mode { get; }

        public Agent Agent { get; }

        public ISandbox Sandbox { get; }

        public List<double> Returned { get; } = [];

        public List<double> FirstLine { get; } = [];

        /// <summary>
        /// A new polecat on a new branch: the clone's fetch and a new worktree, then the process. Answers the ms from the
        /// call to its return and to the first stdout line; waits for the process to end (the demo agent ends at once:
        /// nothing answers at its API address) so no start overlaps the next.
        /// </summary>
        public async Task<(double Returned, double FirstLine)> StartOnceAsync()
        {
            var n = Interlocked.Increment(ref _next);
            var agentId = Guid.NewGuid();
            var launch = new AgentLaunch(_townId, Guid.NewGuid(), agentId, AgentRole.Polecat, "Maple", 1, "Bench the sandbox", "kilo/auto",
                "bench-token", _repository, $"gt/maple/bench-{n:D4}");
            using var subscription = _feed.Subscribe(agentId);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var called = DateTimeOffset.UtcNow;
            var started = await _container.StartAgentAsync(launch, timeout.Token);
            var returned = DateTimeOffset.UtcNow;
            if (!started.IsSuccess)
                throw new InvalidOperationException($"{Mode}/{Agent.Key}: start failed: {string.Join("; ", started.Errors.Concat(started.ValidationErrors.Select(e => e.ErrorMessage)))}");

            AgentEvent? first = null;
            while (first is null && await subscription.Live.WaitToReadAsync(timeout.Token))
                while (first is null && subscription.Live.TryRead(out var e))
                    if (e.Kind == AgentEvent.OutputKind && e.Stream == AgentEvent.StandardOutput) first = e;
                    else if (e.Kind == AgentEvent.OutputKind) throw new InvalidOperationException($"{Mode}/{Agent.Key}: stderr before stdout: {e.Text}");
            if (first is null) throw new InvalidOperationException($"{Mode}/{Agent.Key}: the agent ended without a stdout line");
            if (!first.Text.StartsWith(Agent.FirstLine, StringComparison.Ordinal))
                throw new InvalidOperationException($"{Mode}/{Agent.Key}: unexpected first line '{first.Text}'");

            var waited = Stopwatch.StartNew();
            while (_container.GetStatus(agentId).State != AgentProcessState.Exited && waited.Elapsed < TimeSpan.FromSeconds(30))
                await Task.Delay(10);
            if (_container.GetStatus(agentId).State != AgentProcessState.Exited) await _container.StopAgentAsync(agentId, CancellationToken.None);
            return ((returned - called).TotalMilliseconds, (first.At - called).TotalMilliseconds);
        }

        public ValueTask DisposeAsync() => _container.DisposeAsync();
    }

    private sealed class FixedApiAddress(Uri address) : IAgentApiAddress
    {
        public Uri BaseAddress { get; } = address;
    }

    private static async Task AgentStartsAsync(string root, string origin, int starts)
    {
        Console.WriteLine($"   agent start: {starts} per mode and agent, modes alternating");
        // Nothing listens there: the demo agent prints its first line, fails to reach its tools and ends.
        var deadApi = new Uri($"http://127.0.0.1:{ServerProcess.FreePort()}/");
        var cells = new List<Cell>();
        try
        {
            foreach (var agent in Agents)
                foreach (var mode in Modes)
                    cells.Add(new Cell(root, origin, mode, agent, deadApi));

            // Unmeasured: the clone, the container's JIT and the first dotnet start of each cell.
            foreach (var cell in cells)
                for (var i = 0; i < 2; i++) await cell.StartOnceAsync();

            for (var round = 0; round < starts; round++)
                foreach (var agent in Agents)
                {
                    var pair = cells.Where(c => c.Agent == agent).ToList();
                    if (round % 2 == 1) pair.Reverse();
                    foreach (var cell in pair)
                    {
                        var (returned, firstLine) = await cell.StartOnceAsync();
                        cell.Returned.Add(returned);
                        cell.FirstLine.Add(firstLine);
                    }
                }

            foreach (var agent in Agents)
            {
                var none = cells.Single(c => c.Agent == agent && c.Mode == NoSandbox);
                var bwrap = cells.Single(c => c.Agent == agent && c.Mode == Bubblewrap);
                AddStart(agent, "StartAgentAsync → first stdout line", new Stats(bwrap.FirstLine), new Stats(none.FirstLine), judged: true);
                AddStart(agent, "StartAgentAsync → returned (workspace git + process start)", new Stats(bwrap.Returned), new Stats(none.Returned), judged: false);
                var ownStart = (Cell c) => new Stats(c.FirstLine.Zip(c.Returned, (f, r) => f - r));
                AddStart(agent, "returned → first stdout line (the process's own start)", ownStart(bwrap), ownStart(none), judged: false);
            }
        }
        finally
        {
            foreach (var cell in cells) await cell.DisposeAsync();
        }
    }

    private static void AddStart(Agent agent, string what, Stats bwrap, Stats none, bool judged)
    {
        var addedP50 = bwrap.P50 - none.P50;
        var addedP99 = bwrap.P99 - none.P99;
        Add(new Figure(Name, $"{agent.Description}: {what}, p50 / p99", $"{F(bwrap.P50, "0")} / {F(bwrap.P99, "0")} ms bubblewrap",
            $"none {F(none.P50, "0")} / {F(none.P99, "0")} ms", $"+{F(addedP50, "0")} / +{F(addedP99, "0")} ms",
            judged ? "≤ 50 ms added (p50)" : "—", judged ? addedP50 <= 50 : null, $"n={bwrap.Count} each; p99 of n≤100 is the top sample or two"));
    }

    // ---- 2. one git command ----

    private static async Task GitCommandsAsync(string root, string origin, int runs)
    {
        Console.WriteLine($"   git rev-parse HEAD: {runs} per mode, alternating");
        // Laid out as the server's: a rig folder holding the clone; the view is the server's git view (the rig folder
        // and the local origin, read-write).
        var workspaceRoot = Path.Combine(root, "workspaces-git");
        var rigFolder = Path.Combine(workspaceRoot, "rigs", Guid.NewGuid().ToString("N"));
        var clone = Path.Combine(rigFolder, "repo");
        Directory.CreateDirectory(rigFolder);
        await Git.RunAsync(rigFolder, "clone", "--quiet", origin, clone);
        var sandboxes = Modes.ToDictionary(mode => mode, mode => SandboxFor(mode, workspaceRoot));
        // Not a mode: bubblewrap with the fewest arguments that run git (the host's root read-only, the clone writable,
        // new user and PID namespaces), to tell bubblewrap's own cost from that of the sandbox's mounts.
        string[] series = [.. Modes, BareBubblewrap];
        var samples = series.ToDictionary(mode => mode, _ => new List<double>());
        var environment = new Dictionary<string, string> { ["GIT_TERMINAL_PROMPT"] = "0", ["GIT_SSH_COMMAND"] = "ssh -o BatchMode=yes" };

        async Task<double> RunOnceAsync(string mode)
        {
            var view = new SandboxView(Guid.Empty).Write(rigFolder, origin);
            var clock = Stopwatch.StartNew();
            var start = mode == BareBubblewrap
                ? BareStartInfo(clone)
                : sandboxes[mode].StartInfo(new SandboxCommand("git", ["rev-parse", "HEAD"], clone, environment, view));
            start.RedirectStandardInput = true;
            start.RedirectStandardOutput = true;
            start.RedirectStandardError = true;
            using var git = Process.Start(start) ?? throw new InvalidOperationException("git did not start");
            git.StandardInput.Close();
            var error = git.StandardError.ReadToEndAsync();
            var output = await git.StandardOutput.ReadToEndAsync();
            await git.WaitForExitAsync();
            var elapsed = clock.Elapsed.TotalMilliseconds;
            if (git.ExitCode != 0 || output.Trim().Length != 40) throw new InvalidOperationException($"git rev-parse HEAD ({mode}): exit {git.ExitCode}: {await error}");
            return elapsed;
        }

        foreach (var mode in series)
            for (var i = 0; i < 5; i++) await RunOnceAsync(mode);   // unmeasured
        for (var i = 0; i < runs; i++)
        {
            // Each series first, second and third in turn.
            var order = series.Skip(i % series.Length).Concat(series.Take(i % series.Length));
            foreach (var mode in order) samples[mode].Add(await RunOnceAsync(mode));
        }

        var bwrap = new Stats(samples[Bubblewrap]);
        var none = new Stats(samples[NoSandbox]);
        Add(new Figure(Name, "one git command (`git rev-parse HEAD` on a clone), p50 / p99", $"{F(bwrap.P50, "0.0")} / {F(bwrap.P99, "0.0")} ms bubblewrap",
            $"none {F(none.P50, "0.0")} / {F(none.P99, "0.0")} ms", $"+{F(bwrap.P50 - none.P50, "0.0")} ms at p50 ({F(bwrap.P50 / none.P50)}×)", "—", null,
            $"n={bwrap.Count} each"));
        var bare = new Stats(samples[BareBubblewrap]);
        Add(new Figure(Name, "the same in a bare bubblewrap (`--ro-bind / /`, new user and PID namespaces), p50 / p99",
            $"{F(bare.P50, "0.0")} / {F(bare.P99, "0.0")} ms", $"none {F(none.P50, "0.0")} ms, the sandbox {F(bwrap.P50, "0.0")} ms (p50)",
            $"+{F(bare.P50 - none.P50, "0.0")} ms bubblewrap itself, +{F(bwrap.P50 - bare.P50, "0.0")} ms the sandbox's arguments", "—", null,
            $"n={bare.Count}; not a mode, for attribution"));
    }

    private const string BareBubblewrap = "bare bubblewrap";

    private static ProcessStartInfo BareStartInfo(string clone)
    {
        var start = new ProcessStartInfo("bwrap") { UseShellExecute = false, WorkingDirectory = clone };
        foreach (var argument in new[] { "--unshare-user", "--unshare-pid", "--ro-bind", "/", "/", "--proc", "/proc", "--dev", "/dev",
                     "--bind", clone, clone, "--chdir", clone, "--", "git", "rev-parse", "HEAD" })
            start.ArgumentList.Add(argument);
        return start;
    }

    // ---- 3. the drain, once per mode ----

    private static async Task DrainsAsync(RunOptions options, string root, int beads)
    {
        Console.WriteLine($"   drain: {beads} beads, one server per mode (none first)");
        var floor = await DrainScenario.FloorAsync(root, await Git.OriginAsync(root, "floor-origin.git"), beads);
        Note($"{Name}: drain floor {beads} beads of serial git work (unsandboxed) in {F(floor.TotalSeconds, "0.0")} s");
        var results = new Dictionary<string, DrainScenario.DrainResult?>();
        foreach (var mode in Modes)
        {
            var settings = new Dictionary<string, string> { ["Gastown__Sandbox__Mode"] = mode };
            // Production refuses mode none unless the operator accepts it.
            if (mode == NoSandbox) settings["Gastown__Sandbox__AllowUnsandboxed"] = "true";
            await DrainScenario.OnServerAsync(options, root, $"data-{mode}", settings, async (server, http, townId) =>
            {
                var health = await http.GetFromJsonAsync<JsonElement>("health");
                var reported = health.TryGetProperty("sandbox", out var sandbox) ? sandbox.GetString() : null;
                if (reported != mode) throw new InvalidOperationException($"the server reports sandbox '{reported}', not '{mode}'");
                results[mode] = await DrainScenario.DrainAsync(options, server, http, townId, root, $"drain-{mode}", beads, gate: false, floor,
                    label: $"drain, sandbox {mode}");
            });
        }

        if (results.GetValueOrDefault(NoSandbox) is { } none && results.GetValueOrDefault(Bubblewrap) is { } bwrap)
        {
            var ratio = bwrap.Elapsed / none.Elapsed;
            Add(new Figure(Name, $"drain of {beads} beads (demo agent, real git): total, beads/s", $"{F(bwrap.Elapsed.TotalSeconds, "0.0")} s, {F(beads / bwrap.Elapsed.TotalSeconds)} beads/s bubblewrap",
                $"none {F(none.Elapsed.TotalSeconds, "0.0")} s, {F(beads / none.Elapsed.TotalSeconds)} beads/s", $"{F(ratio)}×",
                "within noise (±20 %)", Math.Abs(ratio - 1) <= 0.20,
                $"mean merge {F(bwrap.MeanMergeMs, "0")} vs {F(none.MeanMergeMs, "0")} ms; one drain per mode, sequential"));
        }
    }
}
