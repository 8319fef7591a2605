using Involvement.BuildingBlocks.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Involvement.BuildingBlocks.Hosting;

/// <summary>
/// On SIGTERM: readiness turns NOT_SERVING at once (<see cref="Health.StoppingCheck"/>), the host goes on serving for
/// <c>Shutdown:DrainDelay</c>, then Kestrel stops accepting and in-flight calls, the bus and the relay get
/// <c>Shutdown:Timeout</c> to finish.
/// </summary>
public static partial class GracefulShutdown
{
    public static void AddGracefulShutdown(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ShutdownOptions>().BindConfiguration(ShutdownOptions.Section);
        builder.Services.AddSingleton(new SettingsCheck(services => services.GetRequiredService<IOptions<ShutdownOptions>>().Value.Problems()));
        builder.Services.AddOptions<HostOptions>().Configure<IOptions<ShutdownOptions>>((host, shutdown) =>
        {
            try
            {
                // The host's stop timeout starts before the drain, so the drain is added to it.
                host.ShutdownTimeout = shutdown.Value.DrainDelay + shutdown.Value.Timeout;
            }
            catch (InvalidOperationException)
            {
                // A value that does not convert: the settings check reports it and the host never starts.
            }
        });
        builder.Services.AddHostedService<DrainOnStop>();
    }

    /// <summary>
    /// Every hosted service's <c>StoppingAsync</c> runs before any <c>StopAsync</c> (Kestrel's, the bus's, the
    /// relay's), so waiting here keeps them all working through the drain.
    /// </summary>
    private sealed class DrainOnStop(IOptions<ShutdownOptions> options, ILogger<DrainOnStop> logger) : IHostedLifecycleService
    {
        public async Task StoppingAsync(CancellationToken cancellationToken)
        {
            var delay = options.Value.DrainDelay;
            if (delay > TimeSpan.Zero)
            {
                LogDraining(logger, delay.TotalSeconds);
                await Task.Delay(delay, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }

        public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    [LoggerMessage(EventId = 1010, EventName = "ShutdownDraining", Level = LogLevel.Information,
        Message = "Stopping: readiness reports NOT_SERVING; still serving for {Seconds:0.#} s so callers move elsewhere")]
    private static partial void LogDraining(ILogger logger, double seconds);
}
