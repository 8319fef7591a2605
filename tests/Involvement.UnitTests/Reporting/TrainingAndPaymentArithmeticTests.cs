using Involvement.Reporting.Metrics;
using Involvement.Reporting.Payments;
using Involvement.Reporting.Periods;
using Involvement.Reporting.Training;

namespace Involvement.UnitTests.Reporting;

public sealed class TrainingAndPaymentArithmeticTests
{
    private static readonly ReportingPeriod Q1 = new(2013, 1);

    [Theory]
    [InlineData(new int[0], null)]
    [InlineData(new[] { 5 }, 5.0)]
    [InlineData(new[] { 9, 1, 5 }, 5.0)]
    [InlineData(new[] { 4, 1, 2, 3 }, 2.5)]
    [InlineData(new[] { 19, 19, 19, 40 }, 19.0)]
    public void The_median_is_the_middle_value_or_the_mean_of_the_middle_two(int[] values, double? median) =>
        Assert.Equal(median is null ? null : (decimal)median.Value, PaymentArithmetic.Median(values));

    [Fact]
    public void Days_to_pay_is_the_median_over_claims_paid_in_the_period_and_counts_the_people_paid()
    {
        var member = Guid.NewGuid();
        PaidClaim Claim(Guid who, DateOnly submitted, DateOnly paid) =>
            new(Guid.NewGuid(), who, null, submitted, paid, true, 100, 0, new Dictionary<string, long>(), new Dictionary<string, long>());
        var claims = new[]
        {
            Claim(member, new(2013, 4, 1), new(2013, 4, 11)),          // 10 days
            Claim(member, new(2013, 4, 1), new(2013, 4, 21)),          // 20
            Claim(Guid.NewGuid(), new(2013, 4, 1), new(2013, 5, 1)),   // 30
            Claim(Guid.NewGuid(), new(2013, 3, 1), new(2013, 7, 1)),   // paid in Q2: not counted
        };

        var median = Assert.IsType<AverageFigure>(PaymentArithmetic.Timeliness(Q1, claims).Single(f => f.Metric == PaymentArithmetic.DaysToPayMedian));

        Assert.Equal((20m, 2L), (median.Value, median.People));
    }

    [Fact]
    public void Supervision_coverage_counts_sessions_within_the_interval_up_to_and_including_the_day_of_members_by_then()
    {
        var day = new DateOnly(2013, 6, 30);
        var recent = Guid.NewGuid();
        var onTheDay = Guid.NewGuid();
        var tooEarly = Guid.NewGuid();         // exactly three months before: outside
        var never = Guid.NewGuid();
        var afterwards = Guid.NewGuid();       // a session after the day does not count
        var notYetAMember = Guid.NewGuid();
        var members = new[] { recent, onTheDay, tooEarly, never, afterwards }.Select(m => new SupervisedMember(m, new DateOnly(2012, 1, 1)))
            .Append(new SupervisedMember(notYetAMember, new DateOnly(2013, 7, 1)))
            .ToList();
        var sessions = new[]
        {
            (recent, new DateOnly(2013, 5, 1)), (onTheDay, day), (tooEarly, new DateOnly(2013, 3, 30)),
            (afterwards, new DateOnly(2013, 7, 1)), (notYetAMember, new DateOnly(2013, 6, 1)),
        }.ToLookup(s => s.Item1, s => s.Item2);

        Assert.Equal((2L, 5L), TrainingArithmetic.Coverage(day, members, sessions, intervalMonths: 3));
        Assert.Equal((3L, 5L), TrainingArithmetic.Coverage(day, members, sessions, intervalMonths: 4));
    }

    [Fact]
    public void Gaps_are_the_members_needing_supervision_without_it_and_the_current_period_is_taken_today()
    {
        var member = Guid.NewGuid();
        var members = new[] { new SupervisedMember(member, new DateOnly(2013, 1, 1)), new SupervisedMember(Guid.NewGuid(), new DateOnly(2013, 1, 1)) };
        var sessions = new[] { (member, new DateOnly(2013, 4, 10)) }.ToLookup(s => s.Item1, s => s.Item2);

        var figures = TrainingArithmetic.Supervision(Q1, today: new DateOnly(2013, 5, 1), members, sessions, 3).ToList();

        Assert.Equal((1L, 2L), figures.OfType<ShareFigure>().Select(s => (s.Numerator, s.Denominator)).Single());
        Assert.Equal(1, figures.OfType<CountFigure>().Single().Count);
    }

    [Fact]
    public void Overdue_claims_are_due_before_the_day_and_neither_paid_nor_rejected_by_it()
    {
        var day = new DateOnly(2013, 6, 30);
        var claims = new[]
        {
            new KnownClaim(new(2013, 5, 1), new(2013, 5, 29), null, null),                 // overdue
            new KnownClaim(new(2013, 5, 1), new(2013, 5, 29), new(2013, 7, 2), null),      // paid after the day: overdue at it
            new KnownClaim(new(2013, 5, 1), new(2013, 5, 29), new(2013, 6, 2), null),      // paid
            new KnownClaim(new(2013, 5, 1), new(2013, 5, 29), null, new(2013, 6, 2)),      // rejected
            new KnownClaim(new(2013, 6, 2), new(2013, 6, 30), null, null),                 // due on the day: not yet overdue
        };

        Assert.Equal(2, Assert.IsType<CountFigure>(PaymentArithmetic.Overdue(Q1, day, claims)).Count);
    }

    [Fact]
    public void A_preference_at_the_end_of_a_period_is_its_latest_version_changed_by_then()
    {
        var member = Guid.NewGuid();
        var changes = new[]
        {
            new PreferenceChange(member, 3, "bank_transfer", new(2013, 8, 1)),
            new PreferenceChange(member, 2, "declined", new(2013, 5, 1)),
        };

        Assert.Equal(1, ((CountFigure)PaymentArithmetic.Declined(Q1, Q1.End, changes).First()).Count);
        Assert.Equal(0, ((CountFigure)PaymentArithmetic.Declined(new(2013, 2), new(2013, 9, 30), changes).First()).Count);
    }
}
