using Involvement.BuildingBlocks.Messaging;
using Involvement.Contracts.Recruitment;
using Involvement.Contracts.Reporting;
using Involvement.Reporting.Periods;
using Involvement.Reporting.Rebuild;
using Involvement.Reporting.Targets;
using Involvement.Reporting.V1;

namespace Involvement.UnitTests.Reporting;

public sealed class TargetRulesTests
{
    private static readonly TargetKind Flow = new(Accumulates: true, HigherIsBetter: true);
    private static readonly TargetKind Position = new(Accumulates: false, HigherIsBetter: true);
    private static readonly TargetKind LowerIsBetter = new(Accumulates: false, HigherIsBetter: false);

    private static DateOnly Day(string iso) => DateOnly.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);

    private static ActualFigure Shown(double value) => new(FigureStatus.Shown, value);

    [Fact]
    public void A_flow_is_expected_to_have_reached_the_elapsed_share_of_its_target_by_days()
    {
        TargetSpec[] target = [new(0, 100, null)];
        // 2026/27 has 365 days: 30 September is day 183.
        Assert.Equal(100.0 * 183 / 365, TargetRules.Expected(target, Flow, 2026, Day("2026-09-30")), 9);
        Assert.Equal(100.0 / 365, TargetRules.Expected(target, Flow, 2026, Day("2026-04-01")), 9);
        Assert.Equal(100, TargetRules.Expected(target, Flow, 2026, Day("2027-03-31")), 9);
    }

    [Fact]
    public void A_flow_is_judged_at_the_end_of_a_past_period_and_today_in_the_current_one()
    {
        TargetSpec[] target = [new(0, 100, null)];
        var q2 = new ReportingPeriod(2026, 2);
        var afterQ2 = TargetRules.Judge(target, Flow, q2, Day("2027-01-15"), Shown(50));
        Assert.Equal(100.0 * 183 / 365, afterQ2.ExpectedByNow, 9);   // 50.14: judged at the end of Q2, not today
        Assert.Equal(TargetRules.Behind, afterQ2.Status);
        Assert.Equal(TargetRules.OnTrack, TargetRules.Judge(target, Flow, q2, Day("2027-01-15"), Shown(50.2)).Status);

        var duringQ2 = TargetRules.Judge(target, Flow, q2, Day("2026-07-01"), Shown(26));   // day 92: 25.2 expected
        Assert.Equal(100.0 * 92 / 365, duringQ2.ExpectedByNow, 9);
        Assert.Equal(TargetRules.OnTrack, duringQ2.Status);
        Assert.Equal(26, duringQ2.ProgressPercent, 9);
    }

    [Theory]
    [InlineData(49, "behind")]
    [InlineData(51, "on_track")]
    [InlineData(100, "met")]
    [InlineData(130, "met")]
    public void A_flow_at_the_end_of_q2_is_behind_on_track_or_met(double actual, string status)
    {
        TargetSpec[] target = [new(0, 100, null)];
        var judged = TargetRules.Judge(target, Flow, new ReportingPeriod(2026, 2), Day("2027-01-15"), Shown(actual));
        Assert.Equal(status, judged.Status);
    }

    [Fact]
    public void A_position_runs_from_its_baseline_to_its_target()
    {
        // Volunteers 40 -> 100 over the year: half way through, 70 are expected.
        TargetSpec[] target = [new(0, 100, 40)];
        var endOfSeptember = TargetRules.Expected(target, Position, 2026, Day("2026-09-30"));
        Assert.Equal(40 + (60.0 * 183 / 365), endOfSeptember, 9);
        Assert.Equal(TargetRules.Behind, TargetRules.Judge(target, Position, new ReportingPeriod(2026, 2), Day("2027-01-01"), Shown(65)).Status);
        Assert.Equal(TargetRules.OnTrack, TargetRules.Judge(target, Position, new ReportingPeriod(2026, 2), Day("2027-01-01"), Shown(72)).Status);
        Assert.Equal(40, TargetRules.Expected(target, Position, 2026, Day("2026-03-31")), 9);   // before the year: the baseline
    }

    [Fact]
    public void Quarter_milestones_are_followed_between_them()
    {
        // Sussex: 50 % by the end of Q2, 75 % by the end of Q4 (a share, from 0).
        TargetSpec[] targets = [new(2, 50, null), new(4, 75, null)];
        Assert.Equal(50, TargetRules.Expected(targets, Position, 2026, Day("2026-09-30")), 9);
        Assert.Equal(75, TargetRules.Expected(targets, Position, 2026, Day("2027-03-31")), 9);
        Assert.Equal(50.0 * 91 / 183, TargetRules.Expected(targets, Position, 2026, Day("2026-06-30")), 9);   // day 91 of 183
        // Between Q2 (day 183) and Q4 (day 365): linear from 50 to 75.
        var endOfDecember = TargetRules.Expected(targets, Position, 2026, Day("2026-12-31"));   // day 275
        Assert.Equal(50 + (25.0 * (275 - 183) / (365 - 183)), endOfDecember, 9);
        Assert.Equal(4, TargetRules.Headline(targets).Quarter);   // no end-of-year target: the last milestone stands for it
    }

    [Fact]
    public void An_end_of_year_target_stands_for_q4_and_headlines()
    {
        TargetSpec[] targets = [new(2, 50, null), new(0, 75, null), new(4, 80, null)];
        Assert.Equal(0, TargetRules.Headline(targets).Quarter);
        Assert.Equal(75, TargetRules.Expected(targets, Position, 2026, Day("2027-03-31")), 9);
    }

    [Fact]
    public void Lower_is_better_flips_the_comparison()
    {
        // Days to pay: from 30 at the start of the year down to 10 by its end.
        TargetSpec[] target = [new(0, 10, 30)];
        var q2 = new ReportingPeriod(2026, 2);
        var expected = 30 - (20.0 * 183 / 365);
        Assert.Equal(expected, TargetRules.Judge(target, LowerIsBetter, q2, Day("2027-01-01"), Shown(19)).ExpectedByNow, 9);
        Assert.Equal(TargetRules.OnTrack, TargetRules.Judge(target, LowerIsBetter, q2, Day("2027-01-01"), Shown(19)).Status);
        Assert.Equal(TargetRules.Behind, TargetRules.Judge(target, LowerIsBetter, q2, Day("2027-01-01"), Shown(25)).Status);
        Assert.Equal(TargetRules.Met, TargetRules.Judge(target, LowerIsBetter, q2, Day("2027-01-01"), Shown(9)).Status);
    }

    [Fact]
    public void Without_a_figure_there_is_no_data_and_an_undeployed_service_says_so()
    {
        TargetSpec[] target = [new(0, 100, null)];
        var q1 = new ReportingPeriod(2026, 1);
        Assert.Equal(TargetRules.NoData, TargetRules.Judge(target, Flow, q1, Day("2026-05-01"), null).Status);
        Assert.Equal(TargetRules.NoData, TargetRules.Judge(target, Flow, q1, Day("2026-05-01"), new ActualFigure(FigureStatus.NoData, null)).Status);
        Assert.Equal(TargetRules.NoData, TargetRules.Judge(target, Flow, q1, Day("2026-05-01"), new ActualFigure(FigureStatus.Suppressed, null)).Status);
        Assert.Equal(TargetRules.NotDeployed, TargetRules.Judge(target, Flow, q1, Day("2026-05-01"), new ActualFigure(FigureStatus.NotDeployed, null)).Status);
        // A period that has not started has nothing to judge yet.
        Assert.Equal(TargetRules.NoData, TargetRules.Judge(target, Flow, new ReportingPeriod(2026, 3), Day("2026-05-01"), Shown(5)).Status);
    }

    [Fact]
    public void A_leap_year_has_366_days()
    {
        TargetSpec[] target = [new(0, 366, null)];
        Assert.Equal(366, TargetRules.Expected(target, Flow, 2027, Day("2028-03-31")), 9);
        Assert.Equal(335, TargetRules.Expected(target, Flow, 2027, Day("2028-02-29")), 9);
    }

    [Fact]
    public void The_journal_keeps_no_names_or_localities()
    {
        var registered = new MemberRegistered(Guid.CreateVersion7(), DateTimeOffset.UtcNow, 1, Guid.CreateVersion7(), "Ada Lovelace",
            LivedExperienceTypes.Carer, 3, DateTimeOffset.UtcNow, "Adult mental health", "Maidstone");
        var stored = EventJournal.Redacted(registered);
        Assert.DoesNotContain("Ada", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("Maidstone", stored, StringComparison.Ordinal);
        Assert.Contains("Adult mental health", stored, StringComparison.Ordinal);
        var replayed = (MemberRegistered)EventJournal.Read(typeof(MemberRegistered).FullName!, stored)!;
        Assert.Equal(registered with { DisplayName = null!, Locality = null }, replayed);

        var updated = new MemberUpdated(Guid.CreateVersion7(), DateTimeOffset.UtcNow, 2, registered.MemberId, "Ada King", "Older adults", "Dover");
        Assert.DoesNotContain("Ada", EventJournal.Redacted(updated), StringComparison.Ordinal);
        Assert.DoesNotContain("Dover", EventJournal.Redacted(updated), StringComparison.Ordinal);
    }

    [Fact]
    public void A_snapshot_outside_its_contract_is_refused()
    {
        var ok = new MetricsSnapshotPublished(Guid.CreateVersion7(), DateTimeOffset.UtcNow, 1, 2026, 2, "scheduled",
            [new SnapshotFigure("membership.members", "", "", "shown", "105")]);
        Assert.Empty(EventContract.Problems(ok));
        var bad = ok with { Quarter = 5, Reason = "whenever", Figures = [new SnapshotFigure("", "", "", "rounded", "1")] };
        var problems = EventContract.Problems(bad);
        Assert.Equal(4, problems.Count);
    }
}
