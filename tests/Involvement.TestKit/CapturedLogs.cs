using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Involvement.TestKit;

/// <summary>A logger provider that keeps every log line a host writes, for tests of what is logged and when.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<(EventId EventId, string Message)> _lines = new();

    public IReadOnlyCollection<(EventId EventId, string Message)> Lines => _lines;

    public ILogger CreateLogger(string categoryName) => new Capture(_lines);

    public void Dispose()
    {
    }

    private sealed class Capture(ConcurrentQueue<(EventId, string)> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue((eventId, formatter(state, exception)));
    }
}
