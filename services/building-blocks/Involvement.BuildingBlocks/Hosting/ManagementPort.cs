using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;

namespace Involvement.BuildingBlocks.Hosting;

/// <summary>
/// The second Kestrel endpoint (<c>Kestrel:Endpoints:Management:Url</c>, HTTP/1.1; each service's appsettings.json
/// gives it a default) that alone serves <c>/metrics</c>. The gRPC port answers callers and must not publish the
/// service's internals; the check is on the port the connection arrived on, not the Host header a caller chooses.
/// Anything else asked of the management port (a gRPC or REST call, a guessed path) is 404: the port is opened to the
/// cluster's scraper, so it must not become a second, unwatched way into the API.
/// </summary>
public static class ManagementPort
{
    public const string UrlKey = "Kestrel:Endpoints:Management:Url";
    internal const string GrpcUrlKey = "Kestrel:Endpoints:Grpc:Url";

    public static void UseMetricsOnManagementPort(this WebApplication app)
    {
        var port = PortOf(app.Configuration[UrlKey]);
        app.UseOpenTelemetryPrometheusScrapingEndpoint(
            context => port is not null && context.Connection.LocalPort == port && context.Request.Path == "/metrics");
        app.Use((context, next) =>
        {
            if (port is not null && context.Connection.LocalPort == port)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }

            return next(context);
        });
    }

    public static IEnumerable<string> Problems(IConfiguration configuration)
    {
        var management = PortOf(configuration[UrlKey]);
        if (management is null)
        {
            yield return "Kestrel__Endpoints__Management__Url must be an http URL with a port (the management port, for /metrics).";
        }
        else if (management == PortOf(configuration[GrpcUrlKey]))
        {
            yield return "Kestrel__Endpoints__Management__Url must use a different port from Kestrel__Endpoints__Grpc__Url.";
        }
    }

    internal static int? PortOf(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return null;
        }

        try
        {
            var port = BindingAddress.Parse(url).Port;
            return port > 0 ? port : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
