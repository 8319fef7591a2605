using Involvement.BuildingBlocks.Money;
using Involvement.BuildingBlocks.Time;
using Involvement.Payments.Fees;
using Involvement.Payments.Policy;
using Involvement.Payments.V1;

namespace Involvement.UnitTests.Payments;

public sealed class FeeRulesTests
{
    // UHL: £20 a session, at most 6 a month.
    private static readonly IReadOnlyList<RateTermsRow> Uhl = [new(new DateOnly(2026, 1, 1), RateUnit.Session, new Pence(2000), 6)];

    private static MonthLine Line(int day, decimal hours = 2, bool claimed = false, string state = FeeRules.Payable, decimal units = 0, bool overridden = false)
    {
        var startsAt = UkTime.InstantOf(new DateOnly(2026, 6, day), new TimeOnly(10, 0));
        return new MonthLine(Guid.NewGuid(), Guid.NewGuid(), startsAt, UkTime.DateOf(startsAt), hours, state, units, claimed, overridden,
            new DateOnly(2026, 5, 1), "CC1");
    }

    [Fact]
    public void Sessions_over_the_monthly_cap_are_held_latest_first_whatever_order_they_arrive_in()
    {
        var lines = Enumerable.Range(1, 8).Select(day => Line(day)).ToList();
        var shuffled = lines.OrderBy(_ => Random.Shared.Next()).ToList();

        var inOrder = FeeRules.EvaluateMonth(lines, Uhl, MemberStanding.TakesFees);
        var outOfOrder = FeeRules.EvaluateMonth(shuffled, Uhl, MemberStanding.TakesFees);

        Assert.Equal(inOrder.OrderBy(o => o.FeeLineId), outOfOrder.OrderBy(o => o.FeeLineId));
        Assert.Equal(6, inOrder.Count(o => o.State == FeeRules.Payable));
        var held = inOrder.Where(o => o.State == FeeRules.Held).Select(o => o.FeeLineId).ToHashSet();
        Assert.Equal(held, lines.Skip(6).Select(l => l.FeeLineId).ToHashSet());
        Assert.All(inOrder.Where(o => o.State == FeeRules.Held), o => Assert.Equal(FeeRules.OverMonthlyCap, o.HoldReason));
        Assert.All(inOrder, o => Assert.Equal(new Pence(2000), o.Amount));   // a held line shows what it would pay
    }

    [Fact]
    public void Lines_already_claimed_use_the_cap_first()
    {
        var claimed = Enumerable.Range(20, 5).Select(day => Line(day, claimed: true, units: 1)).ToList();
        var early = Enumerable.Range(1, 3).Select(day => Line(day)).ToList();

        var outcomes = FeeRules.EvaluateMonth([.. claimed, .. early], Uhl, MemberStanding.TakesFees);

        Assert.Equal(3, outcomes.Count);   // claimed lines are not evaluated again
        Assert.Equal([FeeRules.Payable, FeeRules.Held, FeeRules.Held], outcomes.Select(o => o.State));
    }

    [Fact]
    public void An_overridden_line_is_payable_and_uses_none_of_the_cap()
    {
        var lines = Enumerable.Range(1, 7).Select(day => Line(day, overridden: day == 1)).ToList();

        var outcomes = FeeRules.EvaluateMonth(lines, Uhl, MemberStanding.TakesFees);

        Assert.All(outcomes, o => Assert.Equal(FeeRules.Payable, o.State));
    }

    [Fact]
    public void A_cap_in_hours_pays_each_line_that_fits_whole()
    {
        IReadOnlyList<RateTermsRow> hourly = [new(new DateOnly(2026, 1, 1), RateUnit.Hour, new Pence(1500), 6)];
        var lines = new[] { Line(1, hours: 4), Line(2, hours: 3), Line(3, hours: 2) };

        var outcomes = FeeRules.EvaluateMonth(lines, hourly, MemberStanding.TakesFees);

        Assert.Equal([FeeRules.Payable, FeeRules.Held, FeeRules.Payable], outcomes.Select(o => o.State));
        Assert.Equal([6000L, 4500L, 3000L], outcomes.Select(o => o.Amount.Value));
    }

    [Fact]
    public void The_cap_counts_each_calendar_month_in_uk_time()
    {
        // 23:30 UTC on 31 March 2026 is 00:30 on 1 April in London (BST began on 29 March): April's cap, not March's.
        var lateMarchUtc = new DateTimeOffset(2026, 3, 31, 23, 30, 0, TimeSpan.Zero);
        Assert.Equal(new DateOnly(2026, 4, 1), FeeRules.MonthOf(UkTime.DateOf(lateMarchUtc)));
        // 23:30 UTC on 31 January is 23:30 in London (GMT): still January.
        Assert.Equal(new DateOnly(2026, 1, 1), FeeRules.MonthOf(UkTime.DateOf(new DateTimeOffset(2026, 1, 31, 23, 30, 0, TimeSpan.Zero))));
        // 23:30 UTC on 31 October 2026 is GMT again (clocks went back on 25 October): October.
        Assert.Equal(new DateOnly(2026, 10, 1), FeeRules.MonthOf(UkTime.DateOf(new DateTimeOffset(2026, 10, 31, 23, 30, 0, TimeSpan.Zero))));
    }

    [Fact]
    public void Without_a_rate_a_line_is_held_for_an_unknown_rate_and_pays_nothing()
    {
        var outcome = Assert.Single(FeeRules.EvaluateMonth([Line(1)], [], MemberStanding.TakesFees));

        Assert.Equal((FeeRules.Held, FeeRules.UnknownRate, Pence.Zero, (DateOnly?)null), (outcome.State, outcome.HoldReason, outcome.Amount, outcome.RateEffectiveFrom));
    }

    [Fact]
    public void An_unknown_member_is_held_with_the_amount_priced_and_uses_none_of_the_cap()
    {
        var outcomes = FeeRules.EvaluateMonth(Enumerable.Range(1, 8).Select(d => Line(d)).ToList(), Uhl, MemberStanding.Unknown);

        Assert.All(outcomes, o => Assert.Equal((FeeRules.Held, FeeRules.UnknownMember, new Pence(2000)), (o.State, o.HoldReason, o.Amount)));
    }

    [Fact]
    public void A_member_who_declines_gets_declined_lines_with_their_value_and_no_cap()
    {
        var outcomes = FeeRules.EvaluateMonth(Enumerable.Range(1, 8).Select(d => Line(d)).ToList(), Uhl, MemberStanding.DeclinesFees);

        Assert.All(outcomes, o => Assert.Equal((FeeRules.Declined, (string?)null, new Pence(2000)), (o.State, o.HoldReason, o.Amount)));
    }

    [Fact]
    public void Void_lines_are_left_alone_and_use_none_of_the_cap()
    {
        var lines = Enumerable.Range(1, 7).Select(day => Line(day, state: day == 2 ? FeeRules.Void : FeeRules.Payable)).ToList();

        var outcomes = FeeRules.EvaluateMonth(lines, Uhl, MemberStanding.TakesFees);

        Assert.Equal(6, outcomes.Count);
        Assert.All(outcomes, o => Assert.Equal(FeeRules.Payable, o.State));
    }

    [Fact]
    public void The_offered_rate_holds_for_a_session_after_a_cut()
    {
        IReadOnlyList<RateTermsRow> cut = [new(new DateOnly(2026, 1, 1), RateUnit.Session, new Pence(2500), null), new(new DateOnly(2026, 6, 1), RateUnit.Session, new Pence(2000), null)];

        var outcome = Assert.Single(FeeRules.EvaluateMonth([Line(10)], cut, MemberStanding.TakesFees));   // published 1 May, session 10 June

        Assert.Equal((new Pence(2500), (DateOnly?)new DateOnly(2026, 1, 1)), (outcome.Amount, outcome.RateEffectiveFrom));
    }

    [Fact]
    public void Not_attending_prices_nothing()
    {
        Assert.Equal(FeePrice.Nothing, FeeRules.Price(Uhl, new DateOnly(2026, 6, 1), null, 2, attended: false));
        Assert.Equal(new FeePrice(1, new Pence(2000), new DateOnly(2026, 1, 1)), FeeRules.Price(Uhl, new DateOnly(2026, 6, 1), null, 2, attended: true));
    }
}
