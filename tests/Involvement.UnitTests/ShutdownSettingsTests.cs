using System.Globalization;
using Involvement.BuildingBlocks.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Involvement.UnitTests;

public sealed class ShutdownSettingsTests
{
    [Fact]
    public void The_host_gives_the_drain_and_then_the_timeout_before_it_gives_up_on_stopping()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Shutdown:DrainDelay"] = "00:00:05",
            ["Shutdown:Timeout"] = "00:00:20",
        });
        builder.AddGracefulShutdown();
        using var services = builder.Services.BuildServiceProvider();

        Assert.Equal(TimeSpan.FromSeconds(25), services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout);
    }

    [Fact]
    public void The_defaults_are_valid_no_drain_and_thirty_seconds()
    {
        var defaults = new ShutdownOptions();

        Assert.Empty(defaults.Problems());
        Assert.Equal(TimeSpan.Zero, defaults.DrainDelay);
        Assert.Equal(TimeSpan.FromSeconds(30), defaults.Timeout);
    }

    [Theory]
    [InlineData("-00:00:01", "00:00:30", "Shutdown__DrainDelay")]
    [InlineData("00:05:01", "00:00:30", "Shutdown__DrainDelay")]
    [InlineData("00:00:00", "00:00:00", "Shutdown__Timeout")]
    [InlineData("00:00:00", "00:10:01", "Shutdown__Timeout")]
    public void An_out_of_range_value_is_refused_naming_its_variable(string drainDelay, string timeout, string variable)
    {
        var options = new ShutdownOptions
        {
            DrainDelay = TimeSpan.Parse(drainDelay, CultureInfo.InvariantCulture),
            Timeout = TimeSpan.Parse(timeout, CultureInfo.InvariantCulture),
        };

        Assert.Single(options.Problems(), p => p.StartsWith(variable + " must", StringComparison.Ordinal));
    }
}
