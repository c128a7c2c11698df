using System.Threading.Channels;

namespace Gastown.Infrastructure.Container;

/// <summary>
/// A reader's view of one agent's events: <see cref="History"/> (the buffer when it subscribed) then
/// <see cref="Live"/>, which continues right after the history with no gap and no duplicate. Live completes when
/// the agent's process ends (<see cref="ProcessEnded"/>), when the reader fell too far behind
/// (<see cref="Dropped"/>), or when the subscription is disposed.
/// </summary>
public sealed class AgentEventSubscription : IDisposable
{
    private readonly Channel<AgentEvent> _channel;
    private readonly Action<AgentEventSubscription> _unsubscribe;
    private int _dropped;
    private int _processEnded;

    internal AgentEventSubscription(Guid agentId, IReadOnlyList<AgentEvent> history, int capacity, Action<AgentEventSubscription> unsubscribe)
    {
        AgentId = agentId;
        History = history;
        _unsubscribe = unsubscribe;
        _channel = Channel.CreateBounded<AgentEvent>(new BoundedChannelOptions(capacity)
        {
            // Wait mode makes TryWrite answer false when full, which is how a slow reader is detected.
            FullMode = BoundedChannelFullMode.Wait,
            SingleWriter = false,
            SingleReader = true,
        });
    }

    public Guid AgentId { get; }

    public IReadOnlyList<AgentEvent> History { get; }

    public ChannelReader<AgentEvent> Live => _channel.Reader;

    /// <summary>The reader did not keep up and was cut off; it may subscribe again to catch up from the buffer.</summary>
    public bool Dropped => Volatile.Read(ref _dropped) == 1;

    /// <summary>The process ended; its exit status event was the last live event.</summary>
    public bool ProcessEnded => Volatile.Read(ref _processEnded) == 1;

    /// <summary>Called under the feed's lock for this agent. False when the reader is too slow and was dropped.</summary>
    internal bool Offer(AgentEvent agentEvent)
    {
        if (_channel.Writer.TryWrite(agentEvent)) return true;
        Volatile.Write(ref _dropped, 1);
        _channel.Writer.TryComplete();
        return false;
    }

    internal void EndOfProcess()
    {
        Volatile.Write(ref _processEnded, 1);
        _channel.Writer.TryComplete();
    }

    internal void Close() => _channel.Writer.TryComplete();

    public void Dispose()
    {
        _unsubscribe(this);
        Close();
    }
}
