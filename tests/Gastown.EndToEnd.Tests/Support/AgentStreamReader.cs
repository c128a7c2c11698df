using System.Net.WebSockets;
using System.Text.Json;

namespace Gastown.EndToEnd.Tests.Support;

/// <summary>
/// Reads an agent's event stream (one JSON event per message, a message possibly in several frames) until the server
/// closes it. Also linked into the bench (its agent measure), so it depends on nothing else of the tests.
/// </summary>
public static class AgentStreamReader
{
    public static Task<List<T>> ReadToCloseAsync<T>(ClientWebSocket socket, TimeSpan timeout, JsonSerializerOptions json) =>
        ReadUntilAsync<T>(socket, timeout, json, _ => false);

    /// <summary>Reads until the server closes the stream or <paramref name="enough"/> holds for the events read so far.</summary>
    public static async Task<List<T>> ReadUntilAsync<T>(ClientWebSocket socket, TimeSpan timeout, JsonSerializerOptions json, Func<List<T>, bool> enough)
    {
        var events = new List<T>();
        var buffer = new byte[64 * 1024];
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            using var message = new MemoryStream();
            WebSocketReceiveResult received;
            do
            {
                received = await socket.ReceiveAsync(buffer, deadline.Token);
                message.Write(buffer, 0, received.Count);
            }
            while (!received.EndOfMessage);
            if (received.MessageType == WebSocketMessageType.Close) return events;
            events.Add(JsonSerializer.Deserialize<T>(message.ToArray(), json)!);
            if (enough(events)) return events;
        }
    }
}
