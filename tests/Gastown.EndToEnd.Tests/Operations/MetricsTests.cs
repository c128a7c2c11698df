using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Gastown.EndToEnd.Tests.Support;
using Shouldly;

namespace Gastown.EndToEnd.Tests.Operations;

/// <summary>
/// /metrics on the real server, guarded by the scrape token every <see cref="ServerTest"/> sets: the numbers move by exactly what one sling → merged of the
/// demo agent does. The server is this test's alone, so nothing else moves them.
/// </summary>
public sealed class MetricsTests : ServerTest
{
    [Fact]
    public async Task Counters_and_histograms_move_by_one_sling_dispatch_and_merge()
    {
        var before = await ScrapeAsync();
        var rig = ("store", RigId.ToString());

        var sling = await Api.SlingAsync(RigId, "Add a greeting", "Say hello to the town.");
        await Api.BeadReachesAsync(RigId, sling.Bead.Id, "closed");

        // The bead gauge is refreshed at the end of the tick that merged (its re-arm), just after the bead closed.
        var after = await Eventually.MatchAsync(ScrapeAsync,
            scrape => scrape.Sum("gastown_beads", rig, ("status", "closed")) == 1, "the closed bead in the gauge");

        Delta(before, after, "gastown_slings_total", ("rig", RigId.ToString())).ShouldBe(1);
        Delta(before, after, "gastown_slings_total", ("rig", RigId.ToString()), ("queued", "false")).ShouldBe(1);
        Delta(before, after, "gastown_dispatch_attempts_total", rig).ShouldBe(1);
        Delta(before, after, "gastown_dispatch_failures_total", rig).ShouldBe(0);

        var merged = new[] { ("rig", RigId.ToString()), ("outcome", "merged") };
        Delta(before, after, "gastown_merge_duration_seconds_count", merged).ShouldBe(1);
        Delta(before, after, "gastown_merge_duration_seconds_sum", merged).ShouldBeGreaterThan(0);
        Delta(before, after, "gastown_merge_duration_seconds_bucket", [.. merged, ("le", "+Inf")]).ShouldBe(1);
        Delta(before, after, "gastown_merge_conflicts_total", ("rig", RigId.ToString())).ShouldBe(0);

        // Every tick that had work runs each phase once: the review phase ran at least for the merge, and the
        // histogram's +Inf bucket always equals its count.
        Delta(before, after, "gastown_alarm_tick_phase_duration_seconds_count", ("phase", "review")).ShouldBeGreaterThanOrEqualTo(1);
        Delta(before, after, "gastown_alarm_tick_phase_duration_seconds_count", ("phase", "schedule"))
            .ShouldBe(Delta(before, after, "gastown_alarm_tick_phase_duration_seconds_count", ("phase", "review")));
        after.Sum("gastown_alarm_tick_phase_duration_seconds_bucket", ("phase", "review"), ("le", "+Inf"))
            .ShouldBe(after.Sum("gastown_alarm_tick_phase_duration_seconds_count", ("phase", "review")));

        after.Sum("gastown_beads", rig).ShouldBe(1);
        after.Has("gastown_agents_running").ShouldBeTrue();
        // The demo polecat stops after done.
        await Eventually.MatchAsync(ScrapeAsync, scrape => scrape.Sum("gastown_agents_running") == 0, "no agent running");
    }

    [Fact]
    public async Task An_anonymous_or_wrong_token_scrape_is_refused_the_token_is_answered()
    {
        using var anonymous = new HttpClient { BaseAddress = Server.BaseAddress };
        using (var response = await anonymous.GetAsync("metrics"))
        {
            response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
            (await response.Content.ReadAsStringAsync()).ShouldNotContain("gastown_");
        }

        // A user's own API token is not a scrape token.
        using (var request = new HttpRequestMessage(HttpMethod.Get, "metrics") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", AdminToken) } })
        using (var response = await anonymous.SendAsync(request))
            response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        using (var request = new HttpRequestMessage(HttpMethod.Get, "metrics") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", ScrapeToken) } })
        using (var response = await anonymous.SendAsync(request))
        {
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            response.Content.Headers.ContentType!.MediaType.ShouldBe("text/plain");
        }
    }

    [Fact]
    public async Task Readiness_reports_storage_scheduler_and_container_ok()
    {
        using var anonymous = new HttpClient { BaseAddress = Server.BaseAddress };
        using var response = await anonymous.GetAsync("health/ready");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        body.RootElement.GetProperty("status").GetString().ShouldBe("ready");
        foreach (var component in new[] { "storage", "scheduler", "container" })
            body.RootElement.GetProperty(component).GetProperty("status").GetString().ShouldBe("ok");
    }

    private static double Delta(PrometheusText before, PrometheusText after, string name, params (string, string)[] labels) =>
        after.Sum(name, labels) - before.Sum(name, labels);
}

/// <summary>With <c>Gastown:Metrics:AllowAnonymous</c>, a private network's Prometheus scrapes without a token.</summary>
public sealed class AnonymousMetricsTests : ServerTest
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Gastown:Metrics:AllowAnonymous"] = "true",
    };

    [Fact]
    public async Task An_anonymous_scrape_is_answered()
    {
        using var anonymous = new HttpClient { BaseAddress = Server.BaseAddress };
        await Api.SlingAsync(RigId, "Add a greeting", "Say hello.");
        var scrape = await Eventually.MatchAsync(async () =>
        {
            using var response = await anonymous.GetAsync("metrics");
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            return PrometheusText.Parse(await response.Content.ReadAsStringAsync());
        }, text => text.Has("gastown_slings_total"), "the sling in an anonymous scrape");
        scrape.Sum("gastown_slings_total", ("rig", RigId.ToString())).ShouldBe(1);
    }
}
