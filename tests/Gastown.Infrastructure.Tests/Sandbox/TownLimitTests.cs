using Gastown.Application.Common.Ports;
using Gastown.Infrastructure.Sandbox;
using Gastown.Infrastructure.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using static Gastown.Infrastructure.Tests.Support.ContainerHarness;

namespace Gastown.Infrastructure.Tests.Sandbox;

/// <summary>
/// Per-town limits where the host delegates cgroups (decision 0021): a fork bomb and a memory hog in one town meet that
/// town's limits, and the server goes on starting processes. Runs where this test may make cgroups (root on a host
/// with the memory and pids controllers writable, as CI's machine); elsewhere skipped with the reason — the README says
/// plainly that no limits are enforced without a delegated cgroup.
/// </summary>
public sealed class TownLimitTests : IDisposable
{
    private readonly List<string> _roots = [];

    [Fact]
    public async Task A_fork_bomb_and_a_memory_hog_meet_their_towns_limits_and_the_server_goes_on()
    {
        BubblewrapRequirement.Require();
        var roots = DelegatedRoots();
        var options = new SandboxOptions { CgroupRoots = roots, TownPidsMax = 40, TownMemoryMax = 64L * 1024 * 1024 };
        await using var harness = new ContainerHarness(
            o => o.Agents["polecat"] = Shell("""
                (i=0; while [ $i -lt 300 ]; do sleep 60 & i=$((i+1)); done) 2>/dev/null
                echo forked; read go
                trap '' TERM; kill -TERM 0; wait
                echo released; read hog
                head -c 300000000 /dev/zero | tail -c 300000000 >/dev/null && echo "hog survived" || echo "hog stopped"
                """),
            root => Sandboxes.Create(options, isProduction: false, SandboxHost.For(root, null, options), NullLogger.Instance));
        harness.Container.Sandbox.Mode.ShouldBe(SandboxMode.Bubblewrap);
        var agentId = Guid.NewGuid();

        var pid = await harness.StartAsync(harness.Polecat(agentId, null, null));
        await harness.WaitForOutputAsync(agentId, line => line == "forked", "the forks to be tried");

        // 300 forks asked for; the town's cgroup held them at its limit (bubblewrap's own processes included).
        var town = $"gastown-town-{harness.TownId:N}";
        var pidsCurrent = roots.Select(root => Path.Combine(root, town, "pids.current")).Single(File.Exists);
        ReadInt(pidsCurrent).ShouldBeLessThanOrEqualTo(40);
        Processes.Descendants(pid).Count.ShouldBeLessThanOrEqualTo(42, "the fork bomb was held at the town's limit");
        // The server's own processes are not counted against the town.
        using (var probe = System.Diagnostics.Process.Start("/bin/true")!)
        {
            await probe.WaitForExitAsync(Ct);
            probe.ExitCode.ShouldBe(0);
        }

        // The forks end; their pids return to the town only once the sandbox's init has reaped them, so the hog
        // waits for that (else its own fork is refused at the limit and the shell never reports).
        (await harness.Container.SendMessageAsync(agentId, "go", Ct)).IsSuccess.ShouldBeTrue();
        await harness.WaitForOutputAsync(agentId, line => line == "released", "the forks to be stopped");
        await Eventually.TrueAsync(() => Task.FromResult(ReadInt(pidsCurrent) <= 10), "the town's pids to be released");

        // Then a memory hog (300 MB held by tail) against 64 MB: killed inside the town, the agent's shell goes on.
        (await harness.Container.SendMessageAsync(agentId, "hog", Ct)).IsSuccess.ShouldBeTrue();
        await harness.WaitForOutputAsync(agentId, line => line.StartsWith("hog ", StringComparison.Ordinal), "the memory hog's end");
        harness.Output(agentId).ShouldContain("hog stopped");
        await harness.WaitForExitAsync(agentId);
    }

    private static int ReadInt(string path) =>
        int.Parse(File.ReadAllText(path).Trim(), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Cgroup folders made for this test as a host would delegate them (v2: one; v1: memory and pids).</summary>
    private List<string> DelegatedRoots()
    {
        var name = $"gastown-test-{Guid.NewGuid():N}";
        var candidates = File.Exists("/sys/fs/cgroup/cgroup.controllers")
            ? ["/sys/fs/cgroup"]
            : new[] { "/sys/fs/cgroup/memory", "/sys/fs/cgroup/pids" };
        foreach (var parent in candidates)
        {
            try
            {
                _roots.Add(Directory.CreateDirectory(Path.Combine(parent, name)).FullName);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Assert.Skip($"no cgroup can be delegated to this test here ({parent}: {e.Message}); per-town limits apply only where the host delegates a cgroup");
            }
        }
        if (!_roots.Any(root => File.Exists(Path.Combine(root, "pids.max")) || File.Exists(Path.Combine(root, "cgroup.controllers"))))
            Assert.Skip("the pids controller is not available to a delegated cgroup here");
        return _roots;
    }

    public void Dispose()
    {
        foreach (var root in _roots)
        {
            foreach (var child in Directory.Exists(root) ? Directory.GetDirectories(root) : [])
            {
                try { Directory.Delete(child); } catch (IOException) { }
            }
            try { Directory.Delete(root); } catch (IOException) { }
        }
    }
}
