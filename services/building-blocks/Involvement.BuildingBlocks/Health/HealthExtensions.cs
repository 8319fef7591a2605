using Involvement.BuildingBlocks.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Involvement.BuildingBlocks.Health;

public static class HealthExtensions
{
    public const string Live = "live";
    public const string Ready = "ready";

    /// <summary>
    /// gRPC health (grpc.health.v1): service "liveness" is the process itself; "" and "readiness" need PostgreSQL,
    /// a broker connection and every receive endpoint of the bus consuming, and turn NOT_SERVING as soon as the host
    /// is stopping. Each dependency check's answer is shared for <c>Health:CacheFor</c>, and a dependency going away
    /// or coming back is logged once.
    /// </summary>
    public static void AddHealth(this WebApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddOptions<HealthOptions>().BindConfiguration(HealthOptions.Section);
        builder.Services.AddSingleton(new SettingsCheck(services => services.GetRequiredService<IOptions<HealthOptions>>().Value.Problems()));
        builder.Services.AddSingleton<PostgresHealthCheck>();
        builder.Services.AddSingleton<RabbitMqHealthCheck>();
        builder.Services.AddSingleton<BusReadinessCheck>();
        // Singletons, so every probe shares one cache per check.
        builder.Services.AddSingleton<CachedHealthCheck<PostgresHealthCheck>>();
        builder.Services.AddSingleton<CachedHealthCheck<RabbitMqHealthCheck>>();
        builder.Services.AddSingleton<CachedHealthCheck<BusReadinessCheck>>();
        builder.Services.AddHealthChecks()
            .AddCheck("process", () => HealthCheckResult.Healthy(), tags: [Live])
            .AddCheck<CachedHealthCheck<PostgresHealthCheck>>("postgresql", tags: [Ready])
            .AddCheck<CachedHealthCheck<RabbitMqHealthCheck>>("rabbitmq", tags: [Ready])
            .AddCheck<CachedHealthCheck<BusReadinessCheck>>("receive-endpoints", tags: [Ready])
            .AddCheck<StoppingCheck>("stopping", tags: [Ready]);

        builder.Services.AddGrpcHealthChecks(o =>
        {
            o.Services.Clear();
            o.Services.Map("", r => r.Tags.Contains(Ready));
            o.Services.Map("readiness", r => r.Tags.Contains(Ready));
            o.Services.Map("liveness", r => r.Tags.Contains(Live));
            o.UseHealthChecksCache = false;   // our own cache, per check, with state-change logging
        });
    }
}
