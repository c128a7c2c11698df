using System.Diagnostics;
using System.Text.Json;
using Gastown.EndToEnd.Tests.Support;
using Shouldly;

namespace Gastown.EndToEnd.Tests.Hostile;

/// <summary>
/// A user whose rigs point at a git host that accepts connections and never answers (http and ssh) cannot stall the
/// server: another user's slings all merge meanwhile, the silent rigs show unreachable and their beads a dispatch
/// error, deleting the town kills its git within seconds, and a SIGTERM leaves no git process behind.
/// </summary>
public sealed class SilentRemoteTests : ServerTest
{
    private const int SilentRigs = 8;
    private const int Slings = 50;

    // The clones hang until something kills them: no stall or connect timeout ends them first.
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Gastown:Container:Git:DispatchWait"] = "00:00:01",
        ["Gastown:Container:Git:LowSpeedTime"] = "00:10:00",
        ["Gastown:Container:Git:ConnectTimeout"] = "00:10:00",
    };

    [Fact]
    public async Task Silent_remotes_of_one_user_stall_nothing_and_die_with_their_town_and_the_server()
    {
        await using var silent = new SilentGitHost();
        var mallory = new GastownApi(Server.Client(await OperatorCli.AddUserAsync(DataDirectory, "mallory")));
        var town = await mallory.CreateTownAsync("hostile");
        var rigs = new List<Guid>();
        for (var i = 0; i < SilentRigs; i++)
        {
            var url = i % 4 == 3 ? silent.SshUrl($"r{i}") : silent.HttpUrl($"r{i}");
            rigs.Add(await mallory.CreateRigAsync(town, $"silent-{i}", url));
        }
        foreach (var rig in rigs) await mallory.SlingAsync(rig, "Never cloned");
        await Eventually.TrueAsync(() => silent.ProcessesReachingIt().Any(process => process.Contains(" clone ", StringComparison.Ordinal)),
            "a clone of the silent host to hang");

        // Another user's work goes on: every sling is merged.
        var slings = new List<SlingView>();
        for (var i = 1; i <= Slings; i++) slings.Add(await Api.SlingAsync(RigId, $"Task {i}"));
        foreach (var sling in slings)
            await Eventually.MatchAsync(() => Api.BeadAsync(RigId, sling.Bead.Id), bead => bead.Status == "closed",
                $"bead {sling.Bead.Title} to be merged", TimeSpan.FromMinutes(2));
        (await Origin.LogAsync()).Count(subject => subject.StartsWith("Merge ", StringComparison.Ordinal)).ShouldBe(Slings);

        // The silent rigs say so: unreachable with the reason, and a dispatch error on their beads.
        foreach (var rig in rigs)
        {
            var health = await Eventually.MatchAsync(async () => (await GetAsync(mallory, $"api/rigs/{rig}")).GetProperty("health"),
                h => h.GetProperty("status").GetString() != "checking", "the rig's health check", TimeSpan.FromMinutes(1));
            health.GetProperty("status").GetString().ShouldBe("unreachable", health.ToString());
            health.GetProperty("reason").GetString().ShouldNotBeNullOrEmpty();
            var bead = (await GetAsync(mallory, $"api/rigs/{rig}/beads")).EnumerateArray().Single(b => b.GetProperty("title").GetString() == "Never cloned");
            bead.GetProperty("lastError").GetString().ShouldNotBeNullOrEmpty(bead.ToString());
        }
        silent.ProcessesReachingIt().ShouldNotBeEmpty("the clones should still be hanging before the town is deleted");

        // Deleting the town kills its git.
        using (var deleted = await mallory.Http.DeleteAsync($"api/towns/{town}"))
            deleted.StatusCode.ShouldBe(System.Net.HttpStatusCode.Accepted);
        await Eventually.TrueAsync(() => silent.ProcessesReachingIt().Count == 0,
            $"no git process of the deleted town to be left: {string.Join("\n", silent.ProcessesReachingIt())}", TimeSpan.FromSeconds(20));

        // A graceful stop with clones hanging is quick and leaves none behind.
        await using var second = new SilentGitHost();
        var other = await mallory.CreateTownAsync("hostile-again");
        foreach (var i in new[] { 1, 2 })
            await mallory.SlingAsync(await mallory.CreateRigAsync(other, $"silent-{i}", i == 1 ? second.HttpUrl() : second.SshUrl()), "Never cloned");
        await Eventually.TrueAsync(() => second.ProcessesReachingIt().Any(process => process.Contains(" clone ", StringComparison.Ordinal)),
            "a clone of the second silent host to hang");
        var stopping = Stopwatch.StartNew();
        await Server.StopAsync();
        stopping.Stop();
        TestContext.Current.SendDiagnosticMessage($"SIGTERM with hanging clones: stopped in {stopping.Elapsed.TotalSeconds:0.0} s");
        second.ProcessesReachingIt().ShouldBeEmpty("no git process may outlive the server");
        stopping.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(10), Server.Log);
    }

    private static async Task<JsonElement> GetAsync(GastownApi api, string path)
    {
        using var response = await api.Http.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.ShouldBeTrue($"GET {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
