using Involvement.Reporting.Metrics;
using Involvement.Reporting.Periods;

namespace Involvement.Reporting.Reach;

/// <summary>Opportunities run in a period and what they offered (see <see cref="ReachFamily"/> for the definitions).</summary>
public sealed record OpportunitiesRun(long Run, long SeatsOffered, long SeatsFilled, long HighLevel, long HighLevelWithReserve)
{
    public static readonly OpportunitiesRun None = new(0, 0, 0, 0, 0);
}

/// <summary>High-level sessions held in a period, and those with two or more experts by experience attending.</summary>
public sealed record HighLevelMeetings(long Held, long WithTwoOrMore)
{
    public static readonly HighLevelMeetings None = new(0, 0);

    /// <summary>The board flag: meetings held without two experts by experience.</summary>
    public long WithoutTwo => Held - WithTwoOrMore;
}

/// <summary>Sessions in a period whose papers were sent, and those sent on time.</summary>
public sealed record PapersInPeriod(long Sent, long OnTime)
{
    public static readonly PapersInPeriod None = new(0, 0);
}

/// <summary>The reach figures of a period: pure arithmetic, unit-tested.</summary>
public static class ReachArithmetic
{
    public const string OpportunitiesRunCode = "reach.opportunities_run";
    public const string SeatsOffered = "reach.seats_offered";
    public const string SeatsFilled = "reach.seats_filled";
    public const string SeatsFilledShare = "reach.seats_filled_share";
    public const string TwoOrMoreShare = "reach.meetings_two_or_more_share";
    public const string WithoutTwo = "reach.meetings_without_two";
    public const string ReserveShare = "reach.meetings_reserve_share";
    public const string PapersOnTimeShare = "reach.papers_on_time_share";

    /// <summary>Seats filled on one opportunity: its seat holders, never more than the seats it offers.</summary>
    public static long Filled(long seats, long seatHolders) => Math.Max(0, Math.Min(seats, seatHolders));

    public static IEnumerable<ComputedFigure> Figures(ReportingPeriod p, OpportunitiesRun run, HighLevelMeetings meetings, PapersInPeriod papers) =>
    [
        new CountFigure(OpportunitiesRunCode, p, "", "", run.Run),
        new CountFigure(SeatsOffered, p, "", "", run.SeatsOffered),
        new CountFigure(SeatsFilled, p, "", "", run.SeatsFilled),
        new ShareFigure(SeatsFilledShare, p, "", "", run.SeatsFilled, run.SeatsOffered),
        new ShareFigure(TwoOrMoreShare, p, "", "", meetings.WithTwoOrMore, meetings.Held),
        new CountFigure(WithoutTwo, p, "", "", meetings.WithoutTwo),
        new ShareFigure(ReserveShare, p, "", "", run.HighLevelWithReserve, run.HighLevel),
        new ShareFigure(PapersOnTimeShare, p, "", "", papers.OnTime, papers.Sent),
    ];
}
