using Involvement.BuildingBlocks.Messaging;
using Involvement.Contracts.Recruitment;
using Involvement.Reporting.Metrics;
using Involvement.Reporting.Periods;

namespace Involvement.Reporting.Membership;

/// <summary>Members in the pool at the end of a period, per care group (null: none), type and level then.</summary>
public sealed record MemberPosition(ReportingPeriod Period, string? CareGroup, string Type, int Level, long Members);

/// <summary>Members in a scheme at the end of a period; <see cref="Scheme"/> null is members in any scheme.</summary>
public sealed record SchemePosition(ReportingPeriod Period, string? CareGroup, string? Scheme, long Members);

/// <summary>Members who joined (or left) during a period, per care group.</summary>
public sealed record MemberFlow(ReportingPeriod Period, string? CareGroup, long Members);

/// <summary>The membership figures from positions and flows: pure arithmetic, unit-tested.</summary>
public static class MembershipArithmetic
{
    public const string Members = "membership.members";
    public const string ByLevel = "membership.members_by_level";
    public const string ByType = "membership.members_by_type";
    public const string ByScheme = "membership.members_by_scheme";
    public const string NewMembers = "membership.new_members";
    public const string MembersLeft = "membership.members_left";

    public static readonly IReadOnlyList<string> Levels = [.. Enumerable.Range(1, 7).Select(l => l.ToString(System.Globalization.CultureInfo.InvariantCulture))];

    public static IEnumerable<ComputedFigure> Positions(ReportingPeriod period, IReadOnlyList<string> careGroups, IReadOnlyList<MemberPosition> rows)
    {
        var mine = rows.Where(r => r.Period == period).ToList();
        long Count(string? group, Func<MemberPosition, bool> match) =>
            mine.Where(r => (group is null || r.CareGroup == group) && match(r)).Sum(r => r.Members);

        return FigureGrid.Counts(Members, period, careGroups, [], (g, _) => Count(g, _ => true))
            .Concat(FigureGrid.Counts(ByLevel, period, careGroups, Levels,
                (g, level) => Count(g, r => level is null || r.Level.ToString(System.Globalization.CultureInfo.InvariantCulture) == level)))
            .Concat(FigureGrid.Counts(ByType, period, careGroups, LivedExperienceTypes.All,
                (g, type) => Count(g, r => type is null || r.Type == type)));
    }

    public static IEnumerable<ComputedFigure> Schemes(ReportingPeriod period, IReadOnlyList<string> careGroups, IReadOnlyList<SchemePosition> rows)
    {
        var mine = rows.Where(r => r.Period == period).ToList();
        return FigureGrid.Counts(ByScheme, period, careGroups, EventContract.Schemes,
            (g, scheme) => mine.Where(r => (g is null || r.CareGroup == g) && r.Scheme == scheme).Sum(r => r.Members));
    }

    public static IEnumerable<ComputedFigure> Flow(string metric, ReportingPeriod period, IReadOnlyList<string> careGroups, IReadOnlyList<MemberFlow> rows)
    {
        var mine = rows.Where(r => r.Period == period).ToList();
        return FigureGrid.Counts(metric, period, careGroups, [], (g, _) => mine.Where(r => g is null || r.CareGroup == g).Sum(r => r.Members));
    }
}
