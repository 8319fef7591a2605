using Involvement.Reporting.Membership;
using Involvement.Reporting.Metrics;
using Involvement.Reporting.Periods;

namespace Involvement.UnitTests.Reporting;

public sealed class MembershipArithmeticTests
{
    private static readonly ReportingPeriod Q1 = new(2011, 1);
    private static readonly ReportingPeriod Q2 = new(2011, 2);

    [Fact]
    public void Positions_give_every_level_type_and_care_group_with_zeros()
    {
        MemberPosition[] rows =
        [
            new(Q1, "north", "carer", 3, 4),
            new(Q1, "south", "carer", 3, 2),
            new(Q1, null, "public", 7, 5),
            new(Q2, "north", "carer", 1, 100),   // another period: not counted in Q1
        ];

        var figures = MembershipArithmetic.Positions(Q1, ["north", "south"], rows).Cast<CountFigure>().ToList();

        long Get(string metric, string group, string category) =>
            figures.Single(f => f.Metric == metric && f.CareGroup == group && f.Category == category).Count;
        Assert.Equal(11, Get(MembershipArithmetic.Members, "", ""));
        Assert.Equal(4, Get(MembershipArithmetic.Members, "north", ""));
        Assert.Equal(6, Get(MembershipArithmetic.ByLevel, "", "3"));
        Assert.Equal(5, Get(MembershipArithmetic.ByLevel, "", "7"));   // no care group: in the trust's figures only
        Assert.Equal(0, Get(MembershipArithmetic.ByLevel, "south", "7"));
        Assert.Equal(2, Get(MembershipArithmetic.ByType, "south", "carer"));
        Assert.Equal(0, Get(MembershipArithmetic.ByType, "", "family_member"));
        Assert.Equal(11, Get(MembershipArithmetic.ByType, "", ""));
        // members: total and 2 groups; by level: (1 + 7) x 3; by type: (1 + 4) x 3.
        Assert.Equal(3 + 24 + 15, figures.Count);
        Assert.DoesNotContain(figures, f => f.CareGroup == "" && f.Category == "" && f.Period != Q1);
    }

    [Fact]
    public void Schemes_count_each_scheme_and_members_in_any_scheme_as_the_total()
    {
        SchemePosition[] rows =
        [
            new(Q1, "north", "volunteer", 9),
            new(Q1, "north", "peer_worker", 3),
            new(Q1, "north", null, 10),      // two members hold both
            new(Q1, null, "volunteer", 1),
            new(Q1, null, null, 1),
        ];

        var figures = MembershipArithmetic.Schemes(Q1, ["north"], rows).Cast<CountFigure>().ToList();

        Assert.Equal(11, figures.Single(f => f.CareGroup == "" && f.Category == "").Count);
        Assert.Equal(10, figures.Single(f => f.CareGroup == "" && f.Category == "volunteer").Count);
        Assert.Equal(3, figures.Single(f => f.CareGroup == "north" && f.Category == "peer_worker").Count);
        Assert.Equal(0, figures.Single(f => f.CareGroup == "north" && f.Category == "patient_partner").Count);
        Assert.Equal(12, figures.Count);
    }

    [Fact]
    public void Flows_count_the_period_per_care_group()
    {
        MemberFlow[] rows = [new(Q1, "north", 3), new(Q1, null, 2), new(Q2, "north", 8)];

        var figures = MembershipArithmetic.Flow(MembershipArithmetic.NewMembers, Q1, ["north", "south"], rows).Cast<CountFigure>().ToList();

        Assert.Equal([5L, 3, 0], figures.Select(f => f.Count));
        Assert.Equal(["", "north", "south"], figures.Select(f => f.CareGroup));
    }
}
