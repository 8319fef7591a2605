using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Involvement.BuildingBlocks.Health;

public static class HealthExtensions
{
    public const string Live = "live";
    public const string Ready = "ready";

    /// <summary>
    /// gRPC health (grpc.health.v1): service "liveness" is the process itself; "" and "readiness" need PostgreSQL
    /// and RabbitMQ (a connection check, plus MassTransit's bus check for receive endpoints). Checks run on every
    /// call, not cached.
    /// </summary>
    public static void AddHealth(this WebApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<RabbitMqHealthCheck>();   // one instance, so its short cache is shared
        builder.Services.AddHealthChecks()
            .AddCheck("process", () => HealthCheckResult.Healthy(), tags: [Live])
            .AddCheck<PostgresHealthCheck>("postgresql", tags: [Ready])
            .AddCheck<RabbitMqHealthCheck>("rabbitmq", tags: [Ready]);

        builder.Services.AddGrpcHealthChecks(o =>
        {
            o.Services.Clear();
            o.Services.Map("", r => r.Tags.Contains(Ready));
            o.Services.Map("readiness", r => r.Tags.Contains(Ready));
            o.Services.Map("liveness", r => r.Tags.Contains(Live));
            o.UseHealthChecksCache = false;
        });
    }
}
