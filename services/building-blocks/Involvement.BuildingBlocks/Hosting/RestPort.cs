using Microsoft.Extensions.Configuration;

namespace Involvement.BuildingBlocks.Hosting;

/// <summary>
/// The third Kestrel endpoint (<c>Kestrel:Endpoints:Rest:Url</c>, HTTP/1.1; each service's appsettings.json gives it
/// a default) where the REST/JSON API — gRPC JSON transcoding of every unary RPC with a <c>google.api.http</c> rule —
/// is served. It must be a port of its own: sharing the gRPC port would need HTTP/1.1 beside HTTP/2 there, and the
/// management port answers nothing but /metrics.
/// </summary>
public static class RestPort
{
    public const string UrlKey = "Kestrel:Endpoints:Rest:Url";

    public static IEnumerable<string> Problems(IConfiguration configuration)
    {
        var rest = ManagementPort.PortOf(configuration[UrlKey]);
        if (rest is null)
        {
            yield return "Kestrel__Endpoints__Rest__Url must be an http URL with a port (the REST/JSON port).";
        }
        else if (rest == ManagementPort.PortOf(configuration[ManagementPort.GrpcUrlKey]))
        {
            yield return "Kestrel__Endpoints__Rest__Url must use a different port from Kestrel__Endpoints__Grpc__Url.";
        }
        else if (rest == ManagementPort.PortOf(configuration[ManagementPort.UrlKey]))
        {
            yield return "Kestrel__Endpoints__Rest__Url must use a different port from Kestrel__Endpoints__Management__Url.";
        }
    }
}
