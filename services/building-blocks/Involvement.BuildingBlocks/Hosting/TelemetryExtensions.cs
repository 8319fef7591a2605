using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Involvement.BuildingBlocks.Hosting;

public static class TelemetryExtensions
{
    /// <summary>
    /// Structured JSON console logs; OpenTelemetry traces, metrics and logs, exported over OTLP when
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, and metrics scrapeable at <c>/metrics</c> on the management port.
    /// Spans carry ids, never personal data: request bodies are not recorded and SQL is parameterised.
    /// </summary>
    public static void AddTelemetry(this WebApplicationBuilder builder, ServiceInfo service)
    {
        builder.Logging.ClearProviders();
        // Quiet defaults for chatty frameworks: warnings and errors only.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error);
        // Errors only: MassTransit warns with a 2 KB stack at every reconnect attempt while the broker is away; the
        // outage is logged once when it starts and once when it ends by the readiness checks (CachedHealthCheck).
        builder.Logging.AddFilter("MassTransit", LogLevel.Error);
        // Replaced by our own lines: MassTransit's receive faults attach parser exceptions that can quote a message
        // body, and a stack per retry (MessageFaultLog logs id, type and reason); the health-check service logs every
        // failing probe with its data (CachedHealthCheck logs each change once).
        builder.Logging.AddFilter("MassTransit.ReceiveTransport", LogLevel.None);
        builder.Logging.AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.None);
        builder.Logging.AddJsonConsole(o =>
        {
            o.IncludeScopes = true;
            o.UseUtcTimestamp = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
        });
        builder.Logging.AddOpenTelemetry(o =>
        {
            o.IncludeFormattedMessage = true;
            o.IncludeScopes = true;
        });

        builder.Services.AddSingleton<ServiceTelemetry>();
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService($"involvement-{service.Name.ToLowerInvariant()}"))
            .WithTracing(t => t
                .AddSource(service.TelemetryName, "MassTransit")
                .AddAspNetCoreInstrumentation(o => o.Filter = http => !http.Request.Path.StartsWithSegments("/grpc.health.v1.Health", StringComparison.Ordinal))
                .AddNpgsql())
            .WithMetrics(m => m
                .AddMeter(service.TelemetryName, "MassTransit")
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                .AddPrometheusExporter());

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            telemetry.UseOtlpExporter();
        }
    }
}
