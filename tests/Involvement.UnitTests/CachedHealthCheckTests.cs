using Involvement.BuildingBlocks.Health;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Involvement.UnitTests;

public sealed class CachedHealthCheckTests
{
    private readonly ManualClock _clock = new();
    private readonly CountingCheck _inner = new();
    private readonly RecordingLogger<CountingCheck> _log = new();
    private readonly HealthCheckContext _context = new()
    {
        Registration = new HealthCheckRegistration("postgresql", _ => null!, HealthStatus.Unhealthy, null),
    };

    private CachedHealthCheck<CountingCheck> Cached() =>
        new(_inner, Options.Create(new HealthOptions { CacheFor = TimeSpan.FromSeconds(2) }), _clock, _log);

    [Fact]
    public async Task Many_probes_at_once_run_the_check_once_and_share_its_answer()
    {
        using var cached = Cached();

        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => cached.CheckHealthAsync(_context)));

        Assert.Equal(1, _inner.Calls);
        Assert.All(results, r => Assert.Equal(HealthStatus.Healthy, r.Status));
    }

    [Fact]
    public async Task The_answer_is_reused_only_for_the_cache_interval()
    {
        using var cached = Cached();

        await cached.CheckHealthAsync(_context);
        _clock.Advance(TimeSpan.FromSeconds(1.9));
        await cached.CheckHealthAsync(_context);
        _clock.Advance(TimeSpan.FromSeconds(0.2));
        await cached.CheckHealthAsync(_context);

        Assert.Equal(2, _inner.Calls);
    }

    [Fact]
    public async Task A_dependency_going_away_and_coming_back_is_logged_once_each_way()
    {
        using var cached = Cached();
        await cached.CheckHealthAsync(_context);
        _clock.Advance(TimeSpan.FromSeconds(3));
        _inner.Status = HealthStatus.Unhealthy;

        for (var i = 0; i < 20; i++)
        {
            await cached.CheckHealthAsync(_context);
            _clock.Advance(TimeSpan.FromSeconds(3));
        }

        _inner.Status = HealthStatus.Healthy;
        for (var i = 0; i < 5; i++)
        {
            await cached.CheckHealthAsync(_context);
            _clock.Advance(TimeSpan.FromSeconds(3));
        }

        Assert.Equal(26, _inner.Calls);
        Assert.Equal(["DependencyUnavailable", "DependencyRecovered"], _log.Events);
    }

    [Fact]
    public async Task Not_being_ready_while_starting_is_information_not_a_warning()
    {
        using var cached = Cached();
        _inner.Status = HealthStatus.Unhealthy;

        await cached.CheckHealthAsync(_context);
        _clock.Advance(TimeSpan.FromSeconds(3));
        _inner.Status = HealthStatus.Healthy;
        await cached.CheckHealthAsync(_context);

        Assert.Equal(["DependencyNotYetReady", "DependencyReady"], _log.Events);
    }

    public sealed class CountingCheck : IHealthCheck
    {
        private int _calls;

        public HealthStatus Status { get; set; } = HealthStatus.Healthy;

        public int Calls => _calls;

        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _calls);
            await Task.Yield();
            return new HealthCheckResult(Status, "PostgreSQL is unreachable");
        }
    }

    private sealed class ManualClock : TimeProvider
    {
        private DateTimeOffset _now = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

        public void Advance(TimeSpan by) => _now += by;

        public override DateTimeOffset GetUtcNow() => _now;
    }

    private sealed class RecordingLogger<T> : ILogger<T>
    {
        public List<string> Events { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Events.Add(eventId.Name ?? "");
    }
}
