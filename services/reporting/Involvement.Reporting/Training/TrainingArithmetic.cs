using Involvement.Reporting.Metrics;
using Involvement.Reporting.Periods;

namespace Involvement.Reporting.Training;

/// <summary>A completion: <paramref name="LearnerKind"/> is member or staff.</summary>
public sealed record Completion(string LearnerKind, Guid LearnerId, string ModuleCode, DateOnly CompletedOn);

public sealed record SessionHeld(DateOnly HeldOn, bool CoFacilitated);

public sealed record MentoringPair(DateOnly StartedOn, DateOnly? EndedOn);

/// <summary>A member who needs supervision now (active, at or above the level), and since when they are a member.</summary>
public sealed record SupervisedMember(Guid MemberId, DateOnly MemberFrom);

/// <summary>The training metrics' arithmetic on small histories, free of the database.</summary>
public static class TrainingArithmetic
{
    public const string PeopleTrained = "training.people_trained";
    public const string CompletionsByModule = "training.completions_by_module";
    public const string WorkshopsDelivered = "training.workshops_delivered";
    public const string CoFacilitatedShare = "training.co_facilitated_share";
    public const string CertificatesLapsed = "training.certificates_lapsed";
    public const string SupervisionCoverageShare = "training.supervision_coverage_share";
    public const string SupervisionGaps = "training.supervision_gaps";
    public const string MentoringPairsActive = "training.mentoring_pairs_active";
    public const string MentoringPairsStarted = "training.mentoring_pairs_started";

    public static readonly IReadOnlyList<string> LearnerKinds = [TrainingCompletions.Member, TrainingCompletions.Staff];

    /// <summary>The day a position "at the end of the period" is taken: its last day, or today while it runs.</summary>
    public static DateOnly PositionDay(ReportingPeriod period, DateOnly today) => period.End < today ? period.End : today;

    /// <summary>Distinct people completing in the period, members and staff apart; the total is both.</summary>
    public static IEnumerable<ComputedFigure> People(ReportingPeriod period, IReadOnlyList<Completion> completions)
    {
        var people = completions.Where(c => period.Contains(c.CompletedOn)).Select(c => (c.LearnerKind, c.LearnerId)).Distinct().ToList();
        yield return new CountFigure(PeopleTrained, period, "", "", people.Count);
        foreach (var kind in LearnerKinds)
        {
            yield return new CountFigure(PeopleTrained, period, "", kind, people.Count(p => p.LearnerKind == kind));
        }
    }

    /// <summary>Completions in the period by module (every module ever completed, zeros included).</summary>
    public static IEnumerable<ComputedFigure> ByModule(ReportingPeriod period, IReadOnlyList<Completion> completions, IReadOnlyList<string> modules)
    {
        var inPeriod = completions.Where(c => period.Contains(c.CompletedOn)).ToList();
        yield return new CountFigure(CompletionsByModule, period, "", "", inPeriod.Count);
        foreach (var module in modules)
        {
            yield return new CountFigure(CompletionsByModule, period, "", module, inPeriod.Count(c => c.ModuleCode == module));
        }
    }

    public static IEnumerable<ComputedFigure> Sessions(ReportingPeriod period, IReadOnlyList<SessionHeld> sessions)
    {
        var held = sessions.Where(s => period.Contains(s.HeldOn)).ToList();
        yield return new CountFigure(WorkshopsDelivered, period, "", "", held.Count);
        yield return new ShareFigure(CoFacilitatedShare, period, "", "", held.Count(s => s.CoFacilitated), held.Count);
    }

    public static ComputedFigure Lapsed(ReportingPeriod period, IReadOnlyList<DateOnly> lapses) =>
        new CountFigure(CertificatesLapsed, period, "", "", lapses.Count(period.Contains));

    /// <summary>
    /// Of the members who need supervision at <paramref name="day"/> (a member by then), those with a supervision
    /// session in the <paramref name="intervalMonths"/> months up to and including it.
    /// </summary>
    public static (long Covered, long Needing) Coverage(
        DateOnly day, IReadOnlyList<SupervisedMember> members, ILookup<Guid, DateOnly> supervisions, int intervalMonths)
    {
        var from = day.AddMonths(-intervalMonths);
        var needing = members.Where(m => m.MemberFrom <= day).ToList();
        var covered = needing.Count(m => supervisions[m.MemberId].Any(d => d > from && d <= day));
        return (covered, needing.Count);
    }

    public static IEnumerable<ComputedFigure> Supervision(ReportingPeriod period, DateOnly today,
        IReadOnlyList<SupervisedMember> members, ILookup<Guid, DateOnly> supervisions, int intervalMonths)
    {
        var (covered, needing) = Coverage(PositionDay(period, today), members, supervisions, intervalMonths);
        yield return new ShareFigure(SupervisionCoverageShare, period, "", "", covered, needing);
        yield return new CountFigure(SupervisionGaps, period, "", "", needing - covered);
    }

    /// <summary>Pairs active at the end of the period (started by then, not ended by then) and pairs started in it.</summary>
    public static IEnumerable<ComputedFigure> Mentoring(ReportingPeriod period, DateOnly today, IReadOnlyList<MentoringPair> pairs)
    {
        var day = PositionDay(period, today);
        yield return new CountFigure(MentoringPairsActive, period, "", "", pairs.Count(p => p.StartedOn <= day && (p.EndedOn is null || p.EndedOn > day)));
        yield return new CountFigure(MentoringPairsStarted, period, "", "", pairs.Count(p => period.Contains(p.StartedOn)));
    }
}
