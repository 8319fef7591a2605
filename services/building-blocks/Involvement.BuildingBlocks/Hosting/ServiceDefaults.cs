using Involvement.BuildingBlocks.Configuration;
using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Errors;
using Involvement.BuildingBlocks.Health;
using Involvement.BuildingBlocks.Messaging;
using Involvement.BuildingBlocks.Security;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Involvement.BuildingBlocks.Hosting;

/// <summary>Everything every Involvement host has: telemetry, health, errors, auth, database and messaging.</summary>
public static partial class ServiceDefaults
{
    /// <summary>The command that only validates the configuration, as a start would, and exits.</summary>
    public const string CheckSettings = "check-settings";

    public static void AddServiceDefaults(this WebApplicationBuilder builder, ServiceInfo service, Action<IBusRegistrationConfigurator>? consumers = null)
    {
        builder.Services.AddSingleton(service);
        builder.Services.AddSingleton(new SettingsCheck(services => ManagementPort.Problems(services.GetRequiredService<IConfiguration>())));
        builder.AddTelemetry(service);
        builder.AddGracefulShutdown();
        builder.Services.AddGrpc(o =>
        {
            o.Interceptors.Add<RpcSpanInterceptor>();   // outermost: its span covers the error mapping too
            o.Interceptors.Add<ErrorInterceptor>();
            o.EnableDetailedErrors = builder.Environment.IsDevelopment();
            o.MaxReceiveMessageSize = 1024 * 1024;
        }).AddJsonTranscoding(o =>   // every unary RPC with a google.api.http rule also answers JSON over HTTP/1.1
        {
            // The proto3 JSON mapping (and docs/openapi): 64-bit integers as strings, which JavaScript reads exactly.
            o.JsonSettings.WriteInt64sAsStrings = true;
            // The details errors carry (ErrorMapping), so a google.rpc.Status body can write them as Any.
            o.TypeRegistry = Google.Protobuf.Reflection.TypeRegistry.FromMessages(Google.Rpc.BadRequest.Descriptor, Google.Rpc.PreconditionFailure.Descriptor);
        });
        builder.Services.RefuseUndecodableRequests();
        builder.Services.AddGrpcReflection();
        builder.AddHealth();
        builder.AddSecurity();
        builder.AddDatabase(service.Assembly);   // before messaging: migrations run before the bus and relay start
        builder.AddMessaging(service, consumers);
    }

    public static void MapServiceDefaults(this WebApplication app)
    {
        app.UseMetricsOnManagementPort();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGrpcHealthChecksService().AllowAnonymous();
        app.MapGrpcReflectionService().AllowAnonymous();
    }

    /// <summary>
    /// Checks the configuration, then either stops there (<c>check-settings</c>: "settings OK" and 0, for a chart's or
    /// an operator's dry run), applies migrations and exits (<c>migrate</c>, for the Helm hook job), applies them and
    /// runs an operator command (a registered <see cref="ServiceCommand"/>, e.g. reporting's <c>rebuild</c>), or runs
    /// the service. Invalid settings exit with code 2 and the problems on stderr. Returns the process exit code.
    /// </summary>
    public static async Task<int> RunServiceAsync(this WebApplication app, string[] args)
    {
        var service = app.Services.GetRequiredService<ServiceInfo>();
        var checkingOnly = args.Contains(CheckSettings, StringComparer.Ordinal);
        var migrating = !checkingOnly && args.Contains("migrate", StringComparer.Ordinal);
        var command = app.Services.GetServices<ServiceCommand>().FirstOrDefault(c => args.Contains(c.Name, StringComparer.Ordinal));
        var problems = StartupSettings.Problems(app.Services, app.Configuration, migrating);
        if (problems.Count > 0)
        {
            await Console.Error.WriteLineAsync(SettingsValidator.Describe(service.Name, problems));
            return 2;
        }

        if (checkingOnly)
        {
            await Console.Out.WriteLineAsync("settings OK");
            return 0;
        }

        // Resolved now: once a failed start has disposed the host, its services are gone.
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ServiceDefaults));
        var stopping = app.Lifetime.ApplicationStopping;
        try
        {
            if (migrating)
            {
                await app.Services.GetRequiredService<Migrator>().MigrateAsync(stopping);
                return 0;
            }

            if (command is not null)
            {
                await app.Services.GetRequiredService<Migrator>().MigrateAsync(stopping);
                return await command.RunAsync(app.Services, stopping);
            }

            await app.RunAsync();
            return 0;
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            return 0;   // told to stop while still waiting for the database: a clean stop, not a crash
        }
        catch (DatabaseUnavailableException ex)
        {
            // Not a crash: a clear line and an exit code an operator (or Kubernetes) can act on.
            LogDatabaseUnavailable(logger, service.Name, ex.Message);
            return 3;
        }
    }

    [LoggerMessage(EventId = 1001, EventName = "DatabaseUnavailableAtStart", Level = LogLevel.Critical,
        Message = "Involvement.{Service} cannot start: {Reason} Exiting with code 3")]
    private static partial void LogDatabaseUnavailable(ILogger logger, string service, string reason);
}
