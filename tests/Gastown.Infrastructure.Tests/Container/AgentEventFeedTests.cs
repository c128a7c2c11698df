using Gastown.Infrastructure.Container;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Gastown.Infrastructure.Tests.Container;

public sealed class AgentEventFeedTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static AgentEventFeed Feed(int bufferSize, int subscriberBufferSize) =>
        new(Options.Create(new ContainerOptions { EventBufferSize = bufferSize, SubscriberBufferSize = subscriberBufferSize }));

    [Fact]
    public async Task Subscribing_while_events_pour_in_loses_and_repeats_nothing()
    {
        const int total = 20_000;
        var feed = Feed(bufferSize: total + 2, subscriberBufferSize: total + 2); // Room for every event plus start and exit.
        var agentId = Guid.NewGuid();
        var run = feed.ProcessStarted(agentId, "started").Sequence;
        var writer = Task.Run(() =>
        {
            for (var i = 0; i < total; i++) feed.AppendOutput(agentId, AgentEvent.StandardOutput, $"line {i}");
            feed.ProcessEnded(agentId, run, "exited with code 0");
        }, Ct);
        while (feed.LastOutputAt(agentId) is null) await Task.Yield(); // Join mid-stream.

        using var subscription = feed.Subscribe(agentId);
        var live = new List<AgentEvent>();
        await foreach (var agentEvent in subscription.Live.ReadAllAsync(Ct)) live.Add(agentEvent);
        await writer;

        subscription.Dropped.ShouldBeFalse();
        subscription.ProcessEnded.ShouldBeTrue();
        var all = subscription.History.Concat(live).Select(e => e.Sequence).ToList();
        var firstGapOrRepeat = all.Select((sequence, index) => (sequence, index)).FirstOrDefault(x => x.sequence != x.index + 1);
        firstGapOrRepeat.ShouldBe(default, $"history had {subscription.History.Count} events, live {live.Count}");
        all.Count.ShouldBe(total + 2);
    }

    [Fact]
    public void A_subscriber_that_does_not_read_is_dropped_and_never_blocks_the_writer()
    {
        var feed = Feed(bufferSize: 50, subscriberBufferSize: 10);
        var agentId = Guid.NewGuid();
        feed.ProcessStarted(agentId, "started");
        using var sleepy = feed.Subscribe(agentId);

        for (var i = 0; i < 100; i++) feed.AppendOutput(agentId, AgentEvent.StandardOutput, $"line {i}");

        sleepy.Dropped.ShouldBeTrue();
        sleepy.ProcessEnded.ShouldBeFalse();
        sleepy.Live.Completion.IsCompleted.ShouldBeFalse(); // Still holds the 10 it queued…
        var queued = new List<AgentEvent>();
        while (sleepy.Live.TryRead(out var agentEvent)) queued.Add(agentEvent);
        queued.Select(e => e.Text).ShouldBe(Enumerable.Range(0, 10).Select(i => $"line {i}"));
        sleepy.Live.Completion.IsCompleted.ShouldBeTrue(); // …then ends.

        using var fresh = feed.Subscribe(agentId);
        fresh.History.Count.ShouldBe(50);
        fresh.History[^1].Text.ShouldBe("line 99");
        feed.AppendOutput(agentId, AgentEvent.StandardError, "more");
        fresh.Live.TryRead(out var next).ShouldBeTrue();
        next.Sequence.ShouldBe(fresh.History[^1].Sequence + 1);
    }

    [Fact]
    public void Sequences_keep_growing_across_restarts_and_an_ended_run_completes_new_subscribers()
    {
        var feed = Feed(100, 100);
        var agentId = Guid.NewGuid();

        using var beforeFirstRun = feed.Subscribe(agentId);
        beforeFirstRun.Live.Completion.IsCompleted.ShouldBeFalse();
        var run = feed.ProcessStarted(agentId, "started").Sequence;
        feed.AppendOutput(agentId, AgentEvent.StandardOutput, "hello");
        feed.ProcessEnded(agentId, run, "exited with code 0");
        beforeFirstRun.ProcessEnded.ShouldBeTrue();

        using var afterEnd = feed.Subscribe(agentId);
        afterEnd.ProcessEnded.ShouldBeTrue();
        afterEnd.Live.Completion.IsCompleted.ShouldBeTrue();
        afterEnd.History.Count.ShouldBe(3);

        var restarted = feed.ProcessStarted(agentId, "started again");
        restarted.Sequence.ShouldBe(4);
        using var secondRun = feed.Subscribe(agentId);
        secondRun.Live.Completion.IsCompleted.ShouldBeFalse();
    }

    [Fact]
    public void The_late_end_of_a_replaced_run_does_not_end_the_new_run()
    {
        var feed = Feed(100, 100);
        var agentId = Guid.NewGuid();
        var oldRun = feed.ProcessStarted(agentId, "started generation 1").Sequence;
        var newRun = feed.ProcessStarted(agentId, "started generation 2").Sequence;
        using var subscription = feed.Subscribe(agentId);

        feed.ProcessEnded(agentId, oldRun, "generation 1 exited");

        subscription.ProcessEnded.ShouldBeFalse();
        subscription.Live.TryRead(out var late).ShouldBeTrue();
        late.Text.ShouldBe("generation 1 exited");
        feed.ProcessEnded(agentId, newRun, "generation 2 exited");
        subscription.ProcessEnded.ShouldBeTrue();
    }

    [Fact]
    public void Last_output_time_follows_output_not_status()
    {
        var now = new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);
        var clock = new FakeTimeProvider(now);
        var feed = new AgentEventFeed(Options.Create(new ContainerOptions()), clock);
        var agentId = Guid.NewGuid();

        var run = feed.ProcessStarted(agentId, "started").Sequence;
        feed.LastOutputAt(agentId).ShouldBeNull();
        clock.SetUtcNow(now.AddMinutes(1));
        feed.AppendOutput(agentId, AgentEvent.StandardOutput, "working");
        clock.SetUtcNow(now.AddMinutes(2));
        feed.ProcessEnded(agentId, run, "exited with code 0");

        feed.LastOutputAt(agentId).ShouldBe(now.AddMinutes(1));
    }

    [Fact]
    public void A_disposed_subscription_gets_nothing_more()
    {
        var feed = Feed(100, 100);
        var agentId = Guid.NewGuid();
        feed.ProcessStarted(agentId, "started");
        var subscription = feed.Subscribe(agentId);

        subscription.Dispose();
        feed.AppendOutput(agentId, AgentEvent.StandardOutput, "after");

        subscription.Live.TryRead(out _).ShouldBeFalse();
        subscription.Live.Completion.IsCompleted.ShouldBeTrue();
    }
}
