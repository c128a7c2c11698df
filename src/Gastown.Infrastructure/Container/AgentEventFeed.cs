namespace Gastown.Infrastructure.Container;

/// <summary>
/// Every agent's recent events (a bounded ring per agent) and their live subscribers. Writers never wait on a
/// reader: each subscriber has its own bounded queue, and one that fills up is dropped.
/// </summary>
public sealed class AgentEventFeed
{
    private readonly int _bufferSize;
    private readonly int _subscriberBufferSize;
    private readonly TimeProvider _clock;
    private readonly Dictionary<Guid, AgentLog> _logs = [];

    public AgentEventFeed(IOptions<ContainerOptions> options, TimeProvider? clock = null)
    {
        _bufferSize = Math.Max(1, options.Value.EventBufferSize);
        _subscriberBufferSize = Math.Max(1, options.Value.SubscriberBufferSize);
        _clock = clock ?? TimeProvider.System;
    }

    public AgentEvent Append(Guid agentId, string kind, string? stream, string text, IReadOnlyDictionary<string, string>? detail = null)
    {
        var log = LogFor(agentId);
        lock (log)
        {
            return log.Append(_clock.GetUtcNow(), kind, stream, text, detail);
        }
    }

    public AgentEvent AppendOutput(Guid agentId, string stream, string text) =>
        Append(agentId, AgentEvent.OutputKind, stream, text);

    /// <summary>
    /// A process of the agent started: a status event, and subscribers from now on stay open until it ends. The
    /// event's sequence identifies this run in <see cref="ProcessEnded"/>.
    /// </summary>
    public AgentEvent ProcessStarted(Guid agentId, string text)
    {
        var log = LogFor(agentId);
        lock (log)
        {
            var started = log.Append(_clock.GetUtcNow(), AgentEvent.StatusKind, null, text);
            log.CurrentRun = started.Sequence;
            return started;
        }
    }

    /// <summary>
    /// The run that <paramref name="startedSequence"/> began has ended: a last status event, then every live
    /// subscriber completes. The late end of a run that was already replaced only leaves its status event.
    /// </summary>
    public AgentEvent ProcessEnded(Guid agentId, long startedSequence, string text)
    {
        var log = LogFor(agentId);
        lock (log)
        {
            var ended = log.Append(_clock.GetUtcNow(), AgentEvent.StatusKind, null, text);
            if (log.CurrentRun != startedSequence) return ended;
            log.CurrentRun = null;
            log.EverEnded = true;
            foreach (var subscriber in log.Subscribers) subscriber.EndOfProcess();
            log.Subscribers.Clear();
            return ended;
        }
    }

    /// <summary>
    /// The buffered history and, after it, live events. If the agent's last process already ended, Live is complete
    /// at once (and ProcessEnded set); for an agent that never ran, Live waits for its first process.
    /// </summary>
    public AgentEventSubscription Subscribe(Guid agentId)
    {
        var log = LogFor(agentId);
        lock (log)
        {
            var subscription = new AgentEventSubscription(agentId, log.Snapshot(), _subscriberBufferSize, Unsubscribe);
            if (log.CurrentRun is null && log.EverEnded) subscription.EndOfProcess();
            else log.Subscribers.Add(subscription);
            return subscription;
        }
    }

    public IReadOnlyList<AgentEvent> History(Guid agentId)
    {
        var log = LogFor(agentId);
        lock (log)
        {
            return log.Snapshot();
        }
    }

    public DateTimeOffset? LastOutputAt(Guid agentId)
    {
        var log = LogFor(agentId);
        lock (log)
        {
            return log.LastOutputAt;
        }
    }

    private void Unsubscribe(AgentEventSubscription subscription)
    {
        var log = LogFor(subscription.AgentId);
        lock (log)
        {
            log.Subscribers.Remove(subscription);
        }
    }

    private AgentLog LogFor(Guid agentId)
    {
        lock (_logs)
        {
            if (!_logs.TryGetValue(agentId, out var log))
                _logs[agentId] = log = new AgentLog(_bufferSize);
            return log;
        }
    }

    /// <summary>One agent's ring and subscribers; guarded by locking the instance.</summary>
    private sealed class AgentLog(int capacity)
    {
        private readonly Queue<AgentEvent> _events = new();
        private long _lastSequence;

        public List<AgentEventSubscription> Subscribers { get; } = [];

        /// <summary>Sequence of the running process's start event; null when none is running.</summary>
        public long? CurrentRun { get; set; }

        public bool EverEnded { get; set; }

        public DateTimeOffset? LastOutputAt { get; private set; }

        public AgentEvent Append(DateTimeOffset at, string kind, string? stream, string text, IReadOnlyDictionary<string, string>? detail = null)
        {
            var agentEvent = new AgentEvent(++_lastSequence, at, kind, stream, text, detail);
            if (_events.Count == capacity) _events.Dequeue();
            _events.Enqueue(agentEvent);
            // Anything the process said (raw or parsed) is a sign of life; only status lines are the container's own.
            if (kind != AgentEvent.StatusKind) LastOutputAt = at;
            // Backwards, so removing a dropped subscriber keeps the loop valid.
            for (var i = Subscribers.Count - 1; i >= 0; i--)
                if (!Subscribers[i].Offer(agentEvent)) Subscribers.RemoveAt(i);
            return agentEvent;
        }

        public AgentEvent[] Snapshot() => [.. _events];
    }
}
