using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;

namespace Gastown.Benchmarks.Support;

/// <summary>
/// Counts the errors a bench server logs, by exception (ids blanked), so a scenario can say what its failed requests
/// were without scraping the console. Counts each exception once (the request pipeline logs the same one twice).
/// </summary>
public sealed partial class ErrorTally : ILoggerProvider
{
    private readonly ConcurrentDictionary<string, int> _counts = new();
    private readonly ConditionalWeakTable<Exception, object> _seen = new();

    public IReadOnlyDictionary<string, int> Counts => _counts;

    public string Describe() =>
        _counts.IsEmpty ? "none" : string.Join("; ", _counts.OrderByDescending(c => c.Value).Select(c => $"{c.Value} × {c.Key}"));

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private void Count(Exception exception)
    {
        if (!_seen.TryAdd(exception, new object())) return;
        var key = $"{exception.GetType().Name}: {Ids().Replace(exception.Message, "…")}";
        _counts.AddOrUpdate(key, 1, (_, n) => n + 1);
    }

    [GeneratedRegex("[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}")]
    private static partial Regex Ids();

    private sealed class Logger(ErrorTally tally) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel >= LogLevel.Error && exception is not null) tally.Count(exception);
        }
    }
}
