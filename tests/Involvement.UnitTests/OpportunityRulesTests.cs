using Involvement.Recruitment.Opportunities;

namespace Involvement.UnitTests;

public sealed class OpportunityRulesTests
{
    [Theory]
    [InlineData(0, 0, false, new[] { PresenceRule.FewerThanTwoSeats })]
    [InlineData(1, 1, false, new[] { PresenceRule.FewerThanTwoSeats })]
    [InlineData(2, 0, false, new string[0])]
    [InlineData(3, 0, true, new[] { PresenceRule.HighLevelWithoutReserve })]
    [InlineData(1, 0, true, new[] { PresenceRule.FewerThanTwoSeats, PresenceRule.HighLevelWithoutReserve })]
    [InlineData(3, 1, true, new string[0])]
    public void The_presence_rule_flags_lone_representatives_and_high_level_meetings_without_a_reserve(
        int seats, int reserves, bool highLevel, string[] expected)
    {
        Assert.Equal(expected, PresenceRule.Check(seats, reserves, highLevel).Select(f => f.Code));
    }

    [Fact]
    public void Two_seats_meet_the_rule_with_advice_to_have_three()
    {
        Assert.NotNull(PresenceRule.Advice(2));
        Assert.Null(PresenceRule.Advice(3));
    }

    [Fact]
    public void Papers_are_due_the_configured_days_before_the_session_in_uk_time()
    {
        // 00:30 on 1 July in London is still 30 June in UTC: the session's date is the London one.
        var startsAt = new DateTimeOffset(2026, 6, 30, 23, 30, 0, TimeSpan.Zero);

        Assert.Equal(new DateOnly(2026, 6, 24), PapersDue.For(startsAt, 7));
        Assert.Equal(new DateOnly(2026, 7, 1), PapersDue.For(startsAt, 0));
    }

    [Fact]
    public void In_winter_uk_time_is_utc()
    {
        Assert.Equal(new DateOnly(2026, 1, 8), PapersDue.For(new DateTimeOffset(2026, 1, 15, 23, 30, 0, TimeSpan.Zero), 7));
    }
}
