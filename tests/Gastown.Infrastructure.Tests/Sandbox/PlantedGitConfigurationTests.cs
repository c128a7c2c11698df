using Gastown.Application.Common.Ports;
using Gastown.Infrastructure.Sandbox;
using Gastown.Infrastructure.Tests.Support;
using static Gastown.Infrastructure.Tests.Support.ContainerHarness;

namespace Gastown.Infrastructure.Tests.Sandbox;

/// <summary>
/// An agent plants hooks, <c>core.fsmonitor</c> and a clean/smudge filter in the clone it can write (its worktree's
/// git folder): none of them may run outside the town's sandbox while the server commits its leftover work, checks its
/// branch for changes, merges it and reads its diff (decision 0021). Each payload tries to write a marker on the host.
/// </summary>
public sealed class PlantedGitConfigurationTests
{
    [Fact]
    public async Task Hooks_fsmonitor_and_filters_an_agent_planted_never_run_outside_the_sandbox()
    {
        BubblewrapRequirement.Require();
        // Outside every sandbox's view: a host folder only the test knows.
        var outside = Path.Combine(Path.GetTempPath(), $"gastown-outside-{Guid.NewGuid():N}");
        Directory.CreateDirectory(outside);
        try
        {
            var plant = $$"""
                set -e
                common=$(git rev-parse --path-format=absolute --git-common-dir)
                payload='#!/bin/sh
                touch "{{outside}}/ran-$(basename "$0")" 2>/dev/null
                echo ran >> "'"$common"'/payload-ran-inside"
                cat'
                for hook in pre-commit post-commit commit-msg pre-merge-commit post-merge post-checkout reference-transaction pre-push; do
                  printf '%s\n' "$payload" > "$common/hooks/$hook"; chmod +x "$common/hooks/$hook"
                done
                printf '%s\n' "$payload" > "$common/fsmonitor.sh"; chmod +x "$common/fsmonitor.sh"
                git config core.fsmonitor "$common/fsmonitor.sh"
                printf '%s\n' "$payload" > "$common/filter.sh"; chmod +x "$common/filter.sh"
                git config filter.evil.clean "$common/filter.sh"
                git config filter.evil.smudge "$common/filter.sh"
                echo '* filter=evil' > .gitattributes
                echo planted > planted.txt
                """;
            await using var harness = new ContainerHarness(o => o.Agents["polecat"] = Shell(plant));
            harness.Container.Sandbox.Mode.ShouldBe(SandboxMode.Bubblewrap);
            var origin = await OriginRepository.CreateAsync(harness.Temp);
            var repository = harness.Repository(origin);
            var agentId = Guid.NewGuid();
            const string branch = "gt/maple/planted";
            await harness.StartAsync(harness.Polecat(agentId, repository, branch));
            (await harness.WaitForExitAsync(agentId)).ExitCode.ShouldBe(0, string.Join('\n', harness.Output(agentId, "stderr")));

            // The agent left its work uncommitted: the server commits it, sees the change, shows the diff, merges.
            (await harness.Container.CommitPendingAsync(null, repository, branch, "Leftover work", Ct)).Value.ShouldBeTrue();
            (await harness.Container.HasBranchChangesAsync(null, repository, branch, Ct)).Value.ShouldBeTrue();
            var diff = await harness.Container.DiffAsync(repository, branch, Ct);
            diff.IsSuccess.ShouldBeTrue(string.Join("; ", diff.Errors));
            diff.Value.Files.Select(file => file.Path).ShouldContain("planted.txt");
            var merged = await harness.Container.MergeAsync(new MergeRequest(repository, branch, "Merge planted"), Ct);
            merged.IsSuccess.ShouldBeTrue(string.Join("; ", merged.Errors));

            Directory.GetFiles(outside).ShouldBeEmpty("a planted hook, fsmonitor or filter ran with the server's view of the host");
            // The filter is git's to run (hooks and fsmonitor the server's git switches off): it ran, inside the sandbox.
            var clone = Path.Combine(harness.WorkspaceRoot, "rigs", harness.RigId.ToString("N"), "repo", ".git");
            File.Exists(Path.Combine(clone, "payload-ran-inside")).ShouldBeTrue("the planted filter ran (inside the sandbox)");
        }
        finally
        {
            Directory.Delete(outside, recursive: true);
        }
    }
}
