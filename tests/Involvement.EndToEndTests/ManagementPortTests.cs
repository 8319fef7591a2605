using System.Net;

namespace Involvement.EndToEndTests;

/// <summary>Metrics are for the cluster's scraper on the management port, never for callers of the gRPC port.</summary>
[Collection(SystemCollection.Name)]
public sealed class ManagementPortTests(SystemFixture system)
{
    [Fact]
    public async Task Metrics_are_served_on_the_management_port_only()
    {
        using var http = new HttpClient();

        var management = await http.GetAsync(new Uri($"http://127.0.0.1:{system.Reporting.ManagementPort}/metrics"));
        using var onGrpcPort = new HttpRequestMessage(HttpMethod.Get, new Uri(system.Reporting.Address, "/metrics"))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,   // the gRPC port speaks HTTP/2 only
        };
        var grpc = await http.SendAsync(onGrpcPort);

        Assert.Equal(HttpStatusCode.OK, management.StatusCode);
        Assert.Contains("# TYPE", await management.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.NotEqual(HttpStatusCode.OK, grpc.StatusCode);   // the anonymous caller is refused; no endpoint is there either
        Assert.DoesNotContain("# TYPE", await grpc.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
