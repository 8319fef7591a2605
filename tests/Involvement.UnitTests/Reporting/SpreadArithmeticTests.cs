using Involvement.Contracts.Recruitment;
using Involvement.BuildingBlocks.Messaging;
using Involvement.Reporting.Disclosure;
using Involvement.Reporting.Metrics;
using Involvement.Reporting.Periods;
using Involvement.Reporting.Reach;
using Involvement.Reporting.Spread;

namespace Involvement.UnitTests.Reporting;

public sealed class SpreadArithmeticTests
{
    private static readonly ReportingPeriod Q1 = new(2012, 1);

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(9, 1)]
    [InlineData(10, 1)]
    [InlineData(11, 2)]
    [InlineData(20, 2)]
    [InlineData(101, 11)]
    public void The_busiest_tenth_is_ten_percent_of_people_rounded_up(long people, long busiest) =>
        Assert.Equal(busiest, SpreadArithmetic.BusiestCount(people));

    [Fact]
    public void Some_doing_a_lot_and_others_little()
    {
        // Two people attended 5 sessions, eighteen attended once: the busiest two (a tenth) hold 10 of 28.
        Assert.Equal((10L, 28L), SpreadArithmetic.BusiestTenth([(1, 18), (5, 2)]));
    }

    [Fact]
    public void Ties_at_the_boundary_take_only_as_many_people_as_the_tenth_holds()
    {
        // Twenty people: the tenth is two; three attended 4 sessions, so two of them are taken (8 of 4 * 3 + 17).
        Assert.Equal((8L, 29L), SpreadArithmetic.BusiestTenth([(4, 3), (1, 17)]));
    }

    [Fact]
    public void Nobody_involved_has_no_share()
    {
        Assert.Equal((0L, 0L), SpreadArithmetic.BusiestTenth([]));
        Assert.Equal((0L, 0L), SpreadArithmetic.BusiestTenth([(0, 5), (3, 0)]));
    }

    [Theory]
    [InlineData(1, SpreadArithmetic.InvolvedOnce)]
    [InlineData(2, SpreadArithmetic.InvolvedTwoToFour)]
    [InlineData(4, SpreadArithmetic.InvolvedTwoToFour)]
    [InlineData(5, SpreadArithmetic.InvolvedFiveOrMore)]
    [InlineData(40, SpreadArithmetic.InvolvedFiveOrMore)]
    public void Bands_of_involvement(long attendances, string band) => Assert.Equal(band, SpreadArithmetic.Band(attendances));

    [Fact]
    public void Figures_cover_every_care_group_with_zeros_and_people_without_one_count_only_in_the_total()
    {
        IReadOnlyList<AttendanceBucket> buckets =
        [
            new(Q1, "North", 1, 3), new(Q1, "North", 6, 1), new(Q1, null, 2, 2), new(new ReportingPeriod(2012, 2), "North", 1, 50),
        ];

        var figures = SpreadArithmetic.Figures(Q1, ["North", "South"], buckets).ToList();

        long Count(string metric, string group = "") => figures.OfType<CountFigure>().Single(f => f.Metric == metric && f.CareGroup == group).Count;
        Assert.Equal(6, Count(SpreadArithmetic.PeopleInvolved));
        Assert.Equal(4, Count(SpreadArithmetic.PeopleInvolved, "North"));
        Assert.Equal(0, Count(SpreadArithmetic.PeopleInvolved, "South"));
        Assert.Equal((3L, 2L, 1L), (Count(SpreadArithmetic.InvolvedOnce), Count(SpreadArithmetic.InvolvedTwoToFour), Count(SpreadArithmetic.InvolvedFiveOrMore)));
        Assert.Equal((3L, 0L, 1L), (Count(SpreadArithmetic.InvolvedOnce, "North"), Count(SpreadArithmetic.InvolvedTwoToFour, "North"), Count(SpreadArithmetic.InvolvedFiveOrMore, "North")));
        // Six people: the tenth is one, who attended 6 of 3 + 6 + 4 = 13.
        var share = figures.OfType<ShareFigure>().Single();
        Assert.Equal((SpreadArithmetic.BusiestTenthShare, 6L, 13L), (share.Metric, share.Numerator, share.Denominator));
        Assert.DoesNotContain(figures, f => f.Metric == SpreadArithmetic.BusiestTenthShare && f.CareGroup.Length > 0);
    }

    [Fact]
    public void Reach_shares_and_the_meetings_without_two_flag()
    {
        var figures = ReachArithmetic.Figures(Q1, new OpportunitiesRun(3, 9, 6, 2, 1), new HighLevelMeetings(3, 2), new PapersInPeriod(3, 2)).ToList();
        var published = FigurePublisher.Publish(figures).ToDictionary(f => f.Metric, f => f.Value);

        Assert.Equal("66.7", published[ReachArithmetic.SeatsFilledShare]);
        Assert.Equal("66.7", published[ReachArithmetic.TwoOrMoreShare]);
        Assert.Equal("1", published[ReachArithmetic.WithoutTwo]);
        Assert.Equal("50", published[ReachArithmetic.ReserveShare]);
        Assert.Equal("66.7", published[ReachArithmetic.PapersOnTimeShare]);
    }

    [Fact]
    public void A_share_of_nothing_is_no_data_not_zero()
    {
        var figures = ReachArithmetic.Figures(Q1, OpportunitiesRun.None, HighLevelMeetings.None, PapersInPeriod.None);
        var published = FigurePublisher.Publish(figures).ToDictionary(f => f.Metric, f => f.Value);

        Assert.Equal("0", published[ReachArithmetic.OpportunitiesRunCode]);
        Assert.Equal(PublishedFigure.NoDataValue, published[ReachArithmetic.SeatsFilledShare]);
        Assert.Equal("0", published[ReachArithmetic.WithoutTwo]);
    }

    [Theory]
    [InlineData(3, 5, 3)]
    [InlineData(3, 2, 2)]
    [InlineData(0, 4, 0)]
    public void Seats_filled_never_exceed_seats_offered(long seats, long holders, long filled) =>
        Assert.Equal(filled, ReachArithmetic.Filled(seats, holders));

    [Fact]
    public void Request_questionnaire_and_impact_events_are_checked_against_their_contract()
    {
        var now = DateTimeOffset.UtcNow;
        Assert.Empty(EventContract.Problems(new InvolvementRequestSubmitted(Guid.NewGuid(), now, 1, Guid.NewGuid(), now)));
        Assert.Single(EventContract.Problems(new InvolvementRequestSubmitted(Guid.NewGuid(), now, 1, Guid.Empty, now)));
        Assert.Contains("recommendedRung 'ladder'", Assert.Single(EventContract.Problems(
            new InvolvementRequestAssessed(Guid.NewGuid(), now, 2, Guid.NewGuid(), true, "ladder", now))), StringComparison.Ordinal);
        Assert.Contains("feltValued 6", Assert.Single(EventContract.Problems(
            new QuestionnaireSubmitted(Guid.NewGuid(), now, 1, Guid.NewGuid(), 6, 3, 3, true))), StringComparison.Ordinal);
        Assert.Single(EventContract.Problems(new ImpactRecorded(Guid.NewGuid(), now, 1, Guid.NewGuid(), 2, false, 0, 0, 0, -1, null, [])));
        Assert.Empty(EventContract.Problems(new ImpactRecorded(Guid.NewGuid(), now, 1, Guid.NewGuid(), 2, true, 1, 1, 0, 1, new DateOnly(2026, 1, 2),
            [new PublishableFeedback(Guid.NewGuid(), new DateOnly(2026, 1, 2), "We said", "We did")])));
    }
}
