using Involvement.BuildingBlocks.Money;
using Involvement.Payments.Policy;
using Involvement.Payments.V1;

namespace Involvement.UnitTests.Payments;

public sealed class RateRulesTests
{
    private static RateTermsRow Terms(string from, RateUnit unit, long pence, int? cap = null) => new(DateOnly.Parse(from), unit, new Pence(pence), cap);

    [Theory]
    [InlineData(RateUnit.Session, 0.25, 1)]
    [InlineData(RateUnit.Session, 6, 1)]
    [InlineData(RateUnit.Hour, 2.75, 2.75)]
    [InlineData(RateUnit.HalfDay, 1, 1)]
    [InlineData(RateUnit.HalfDay, 4, 1)]
    [InlineData(RateUnit.HalfDay, 4.25, 2)]
    [InlineData(RateUnit.HalfDay, 8, 2)]
    [InlineData(RateUnit.Day, 3.5, 0.5)]
    [InlineData(RateUnit.Day, 4, 0.5)]
    [InlineData(RateUnit.Day, 6, 1)]
    [InlineData(RateUnit.Day, 9, 1.5)]
    [InlineData(RateUnit.None, 3, 0)]
    [InlineData(RateUnit.HalfDay, 0, 0)]
    public void Units_follow_the_cards_unit(RateUnit unit, double hours, double expected)
    {
        Assert.Equal((decimal)expected, RateRules.Units(unit, (decimal)hours));
    }

    [Theory]
    [InlineData(RateUnit.Session, 2000, 2.5, 2000)]     // £20 a session, however long
    [InlineData(RateUnit.Hour, 1250, 2.75, 3438)]       // £12.50 x 2.75 = 3437.5 → half away from zero
    [InlineData(RateUnit.Hour, 1002, 0.25, 251)]        // 250.5 → 251
    [InlineData(RateUnit.Hour, 1001, 0.25, 250)]        // 250.25 → 250
    [InlineData(RateUnit.HalfDay, 7500, 5, 15000)]      // two started half days
    [InlineData(RateUnit.Day, 15001, 3, 7501)]          // half a day: 7500.5 → 7501
    public void Amounts_round_once_half_away_from_zero(RateUnit unit, long pence, double hours, long expected)
    {
        Assert.Equal(new Pence(expected), RateRules.Amount(Terms("2026-01-01", unit, pence), (decimal)hours));
    }

    [Fact]
    public void The_version_in_force_on_the_session_date_prices_it_when_it_pays_more()
    {
        IReadOnlyList<RateTermsRow> versions = [Terms("2026-01-01", RateUnit.Session, 2000), Terms("2026-04-01", RateUnit.Session, 2500)];

        var terms = RateRules.Pricing(versions, sessionDate: new DateOnly(2026, 4, 10), publishedOn: new DateOnly(2026, 3, 1), hours: 2);

        Assert.Equal(new DateOnly(2026, 4, 1), terms!.EffectiveFrom);
    }

    [Fact]
    public void A_rate_cut_between_publishing_and_the_session_pays_what_was_offered()
    {
        IReadOnlyList<RateTermsRow> versions = [Terms("2026-01-01", RateUnit.Session, 2500), Terms("2026-04-01", RateUnit.Session, 2000)];

        var terms = RateRules.Pricing(versions, sessionDate: new DateOnly(2026, 4, 10), publishedOn: new DateOnly(2026, 3, 1), hours: 2);

        Assert.Equal(new Pence(2500), terms!.Amount);
    }

    [Fact]
    public void Versions_are_compared_by_what_they_pay_for_this_attendance_not_by_rate()
    {
        // Offered: £30 a half day; now £10 an hour. For 2 hours the offer pays more (£30 > £20); for 5 hours it does not (£60 = £60 → the session's).
        IReadOnlyList<RateTermsRow> versions = [Terms("2026-01-01", RateUnit.HalfDay, 3000), Terms("2026-04-01", RateUnit.Hour, 1000)];
        var session = new DateOnly(2026, 4, 10);
        var published = new DateOnly(2026, 3, 1);

        Assert.Equal(RateUnit.HalfDay, RateRules.Pricing(versions, session, published, 2)!.Unit);
        Assert.Equal(RateUnit.Hour, RateRules.Pricing(versions, session, published, 6)!.Unit);
    }

    [Fact]
    public void No_version_in_force_on_either_date_is_an_unknown_rate()
    {
        IReadOnlyList<RateTermsRow> versions = [Terms("2026-05-01", RateUnit.Session, 2000)];

        Assert.Null(RateRules.Pricing(versions, new DateOnly(2026, 4, 30), new DateOnly(2026, 4, 1), 2));
        Assert.Null(RateRules.Pricing([], new DateOnly(2026, 4, 30), null, 2));
        Assert.NotNull(RateRules.Pricing(versions, new DateOnly(2026, 5, 1), null, 2));   // the effective date itself is in force
    }

    [Fact]
    public void Each_kind_pays_by_its_own_units()
    {
        Assert.Equal([RateUnit.None], RateRules.UnitsFor(RateCardKind.Volunteer));
        Assert.Equal([RateUnit.Session], RateRules.UnitsFor(RateCardKind.Contributor));
        Assert.DoesNotContain(RateUnit.Session, RateRules.UnitsFor(RateCardKind.CoProducer));
    }
}
