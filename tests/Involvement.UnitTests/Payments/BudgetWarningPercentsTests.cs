using Involvement.Payments;
using Microsoft.Extensions.Configuration;

namespace Involvement.UnitTests.Payments;

public sealed class BudgetWarningPercentsTests
{
    private static PaymentsOptions Bind(Dictionary<string, string?> settings)
    {
        var options = new PaymentsOptions();
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection(PaymentsOptions.Section).Bind(options);
        return options;
    }

    [Fact]
    public void Without_settings_the_shares_are_80_and_100()
    {
        var options = Bind([]);

        Assert.Equal([80, 100], options.WarningPercents);
        Assert.DoesNotContain(options.Problems(), p => p.Contains("BudgetWarningPercents", StringComparison.Ordinal));
    }

    [Fact]
    public void Configured_shares_replace_the_defaults_rather_than_joining_them()
    {
        var options = Bind(new() { ["Payments:BudgetWarningPercents:0"] = "90", ["Payments:BudgetWarningPercents:1"] = "75" });

        Assert.Equal([75, 90], options.WarningPercents);
    }

    [Fact]
    public void A_share_outside_1_to_1000_names_the_setting()
    {
        Assert.Contains(Bind(new() { ["Payments:BudgetWarningPercents:0"] = "0" }).Problems(), p => p.Contains("BudgetWarningPercents", StringComparison.Ordinal));
    }

    [Fact]
    public void The_budget_check_runs_every_five_minutes_unless_set_and_never_more_than_once_a_second()
    {
        Assert.Equal(TimeSpan.FromMinutes(5), Bind([]).BudgetCheckInterval);
        Assert.Contains(Bind(new() { ["Payments:BudgetCheckInterval"] = "00:00:00.100" }).Problems(),
            p => p.Contains("BudgetCheckInterval", StringComparison.Ordinal));
    }
}
