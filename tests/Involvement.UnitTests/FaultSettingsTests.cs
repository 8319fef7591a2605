using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Health;
using Involvement.BuildingBlocks.Hosting;
using Involvement.BuildingBlocks.Messaging;
using Microsoft.Extensions.Configuration;

namespace Involvement.UnitTests;

/// <summary>The settings added for faults and retention have working defaults and refuse values that make no sense.</summary>
public sealed class FaultSettingsTests
{
    [Fact]
    public void The_defaults_have_no_problems()
    {
        Assert.Empty(new RabbitMqOptions().Problems());
        Assert.Empty(new HealthOptions().Problems());
        Assert.Empty(new DatabaseOptions().Problems());
        Assert.Empty(new RetentionOptions().Problems());
    }

    [Fact]
    public void Nonsense_values_are_refused_naming_the_variable()
    {
        Assert.Contains(new RabbitMqOptions { ReconnectMaxDelay = TimeSpan.FromMilliseconds(100) }.Problems(), p => p.StartsWith("RabbitMq__ReconnectMaxDelay", StringComparison.Ordinal));
        Assert.Contains(new HealthOptions { CheckTimeout = TimeSpan.Zero }.Problems(), p => p.StartsWith("Health__CheckTimeout", StringComparison.Ordinal));
        Assert.Contains(new RetentionOptions { PruneBatchSize = 0 }.Problems(), p => p.StartsWith("Retention__PruneBatchSize", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("http://0.0.0.0:9101", null)]
    [InlineData("http://0.0.0.0:5101", "must use a different port")]
    [InlineData(null, "must be an http URL with a port")]
    public void The_management_port_must_be_its_own(string? management, string? problem)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kestrel:Endpoints:Grpc:Url"] = "http://0.0.0.0:5101",
            [ManagementPort.UrlKey] = management,
        }).Build();

        var problems = ManagementPort.Problems(configuration).ToList();

        if (problem is null)
        {
            Assert.Empty(problems);
        }
        else
        {
            Assert.Contains(problems, p => p.Contains(problem, StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData("http://0.0.0.0:8101", null)]
    [InlineData("http://0.0.0.0:5101", "different port from Kestrel__Endpoints__Grpc__Url")]
    [InlineData("http://0.0.0.0:9101", "different port from Kestrel__Endpoints__Management__Url")]
    [InlineData(null, "Kestrel__Endpoints__Rest__Url must be an http URL with a port")]
    public void The_rest_port_must_be_its_own(string? rest, string? problem)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kestrel:Endpoints:Grpc:Url"] = "http://0.0.0.0:5101",
            [ManagementPort.UrlKey] = "http://0.0.0.0:9101",
            [RestPort.UrlKey] = rest,
        }).Build();

        var problems = RestPort.Problems(configuration).ToList();

        if (problem is null)
        {
            Assert.Empty(problems);
        }
        else
        {
            Assert.Contains(problems, p => p.Contains(problem, StringComparison.Ordinal));
        }
    }
}
