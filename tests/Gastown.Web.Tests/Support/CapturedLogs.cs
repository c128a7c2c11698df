using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Gastown.Web.Tests.Support;

/// <summary>A logger provider that keeps every line (message, then the exception if any), so a test can search the server's logs.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyList<string> Lines => [.. _lines];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)}{(exception is null ? "" : "\n" + exception)}");
            // Structured values too: a secret could hide in a parameter the message template does not print.
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
                foreach (var (key, value) in values) lines.Enqueue($"  {key}={value}");
        }
    }
}
