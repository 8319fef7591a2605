using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Involvement.BuildingBlocks.Health;

/// <summary>
/// Runs a check at most once per <see cref="HealthOptions.CacheFor"/> however many probes arrive (they wait for the
/// one running and share its answer), bounds it by <see cref="HealthOptions.CheckTimeout"/>, and logs when a
/// dependency goes away or comes back — once per change, not once per probe.
/// </summary>
internal sealed partial class CachedHealthCheck<TCheck>(TCheck inner, IOptions<HealthOptions> options, TimeProvider clock, ILogger<TCheck> logger)
    : IHealthCheck, IDisposable
    where TCheck : IHealthCheck
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (HealthCheckResult Result, DateTimeOffset At)? _last;
    private DateTimeOffset? _unhealthySince;
    private bool _everHealthy;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_last is { } last && clock.GetUtcNow() - last.At < options.Value.CacheFor)
            {
                return last.Result;
            }

            var result = await RunAsync(context, cancellationToken);
            Note(context.Registration.Name, result);
            _last = (result, clock.GetUtcNow());
            return result;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private async Task<HealthCheckResult> RunAsync(HealthCheckContext context, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.CheckTimeout);
        try
        {
            return await inner.CheckHealthAsync(context, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"no answer within {options.Value.CheckTimeout.TotalSeconds:0.#} s");
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"the check failed ({ex.GetType().Name})");
        }
    }

    private void Note(string name, HealthCheckResult result)
    {
        var now = clock.GetUtcNow();
        if (result.Status != HealthStatus.Healthy && _unhealthySince is null)
        {
            _unhealthySince = now;
            if (_everHealthy)
            {
                LogUnavailable(logger, name, result.Description ?? "unhealthy");
            }
            else
            {
                LogNotYetReady(logger, name, result.Description ?? "unhealthy");   // starting up: not yet a problem
            }
        }
        else if (result.Status == HealthStatus.Healthy && _unhealthySince is { } since)
        {
            _unhealthySince = null;
            if (_everHealthy)
            {
                LogRecovered(logger, name, (now - since).TotalSeconds);
            }
            else
            {
                LogReady(logger, name, (now - since).TotalSeconds);
            }
        }

        _everHealthy |= result.Status == HealthStatus.Healthy;
    }

    [LoggerMessage(EventId = 1400, EventName = "DependencyUnavailable", Level = LogLevel.Warning,
        Message = "{Dependency} is not ready ({Reason}); the service reports NOT_SERVING until it is (logged once, not per probe)")]
    private static partial void LogUnavailable(ILogger logger, string dependency, string reason);

    [LoggerMessage(EventId = 1402, EventName = "DependencyNotYetReady", Level = LogLevel.Information,
        Message = "{Dependency} is not ready yet ({Reason}); the service reports NOT_SERVING until it is")]
    private static partial void LogNotYetReady(ILogger logger, string dependency, string reason);

    [LoggerMessage(EventId = 1403, EventName = "DependencyReady", Level = LogLevel.Information,
        Message = "{Dependency} is ready, {Seconds:0.#} s after the first probe")]
    private static partial void LogReady(ILogger logger, string dependency, double seconds);

    [LoggerMessage(EventId = 1401, EventName = "DependencyRecovered", Level = LogLevel.Information,
        Message = "{Dependency} is ready again after {Seconds:0.#} s")]
    private static partial void LogRecovered(ILogger logger, string dependency, double seconds);
}
