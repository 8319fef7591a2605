using Involvement.BuildingBlocks.Money;
using Involvement.Payments.Claims;

namespace Involvement.UnitTests.Payments;

public sealed class ThresholdRulesTests
{
    private static readonly Pence Weekly = new(5000);
    private static readonly Pence Yearly = new(20_000);

    private static (DateOnly, Pence) Fee(int year, int month, int day, long pence) => (new DateOnly(year, month, day), new Pence(pence));

    [Fact]
    public void Weeks_run_monday_to_sunday()
    {
        Assert.Equal(new DateOnly(2026, 11, 16), ThresholdRules.WeekStart(new DateOnly(2026, 11, 16)));   // a Monday
        Assert.Equal(new DateOnly(2026, 11, 16), ThresholdRules.WeekStart(new DateOnly(2026, 11, 22)));   // the Sunday after
        Assert.Equal(new DateOnly(2026, 11, 23), ThresholdRules.WeekStart(new DateOnly(2026, 11, 23)));
    }

    [Fact]
    public void A_claim_taking_a_weeks_fees_past_the_threshold_warns_once_for_that_week()
    {
        var claim = new[] { Fee(2026, 11, 20, 2000), Fee(2026, 11, 22, 2000) };
        var earlier = Fee(2026, 11, 16, 2000);   // same week, another claim

        var warning = Assert.Single(ThresholdRules.Warnings(claim, [.. claim, earlier], Weekly, Pence.Zero));

        Assert.Equal((ThresholdPeriod.Week, new DateOnly(2026, 11, 16), new DateOnly(2026, 11, 22), new Pence(6000)),
            (warning.Period, warning.Start, warning.End, warning.FeesPence));
        Assert.Contains("£60.00", warning.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Fees_exactly_at_the_threshold_or_in_another_week_do_not_warn()
    {
        var claim = new[] { Fee(2026, 11, 22, 2500) };
        var nextWeek = Fee(2026, 11, 23, 4000);

        Assert.Empty(ThresholdRules.Warnings(claim, [.. claim, Fee(2026, 11, 16, 2500), nextWeek], Weekly, Pence.Zero));
    }

    [Fact]
    public void The_tax_year_runs_from_the_sixth_of_april()
    {
        var claim = new[] { Fee(2027, 4, 5, 2000), Fee(2027, 4, 6, 2000) };
        var before = Fee(2026, 4, 6, 18_500);     // the start of tax year 2026/27

        var warning = Assert.Single(ThresholdRules.Warnings(claim, [.. claim, before], Pence.Zero, Yearly));

        Assert.Equal((ThresholdPeriod.TaxYear, new DateOnly(2026, 4, 6), new DateOnly(2027, 4, 5), new Pence(20_500)),
            (warning.Period, warning.Start, warning.End, warning.FeesPence));
        Assert.Contains("2026/27", warning.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void A_zero_threshold_is_off_and_a_claim_without_fees_never_warns()
    {
        var claim = new[] { Fee(2026, 11, 20, 90_000) };

        Assert.Empty(ThresholdRules.Warnings(claim, claim, Pence.Zero, Pence.Zero));
        Assert.Empty(ThresholdRules.Warnings([], [Fee(2026, 11, 20, 90_000)], Weekly, Yearly));
    }
}
