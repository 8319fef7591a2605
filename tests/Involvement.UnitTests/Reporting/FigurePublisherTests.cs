using System.Globalization;
using Involvement.Reporting.Disclosure;
using Involvement.Reporting.Metrics;
using Involvement.Reporting.Periods;
using Involvement.Reporting.V1;

namespace Involvement.UnitTests.Reporting;

public sealed class FigurePublisherTests
{
    private static readonly ReportingPeriod Q1 = new(2011, 1);

    [Fact]
    public void The_whole_trust_total_is_exact_when_no_breakdown_is_small()
    {
        var published = FigurePublisher.Publish([Count("", "", 23), Count("", "a", 11), Count("", "b", 12), Count("g", "", 0)]);

        Assert.Equal(("23", true), (published[0].Value, published[0].Exact));
        Assert.Equal(["23", "10", "10", "0"], published.Select(f => f.Value));
    }

    [Fact]
    public void The_whole_trust_total_is_rounded_when_a_breakdown_of_the_same_metric_and_period_is_small()
    {
        var published = FigurePublisher.Publish([Count("", "", 23), Count("", "a", 20), Count("", "b", 3), new CountFigure("other", Q1, "", "", 4)]);

        Assert.Equal(["25", "20", "*", "4"], published.Select(f => f.Value));
        Assert.False(published[0].Exact);
        Assert.Equal(FigureStatus.Suppressed, published[2].Status);
    }

    [Theory]
    [InlineData(9, 10, "100")]     // 10 of 10: never above 100 %
    [InlineData(8, 13, "66.7")]    // 10 of 15
    [InlineData(3, 40, "*")]
    [InlineData(0, 40, "0")]
    public void Shares_below_the_whole_trust_come_from_controlled_counts(long numerator, long denominator, string value)
    {
        var published = FigurePublisher.Publish([new ShareFigure("s", Q1, "", "a", numerator, denominator)]).Single();

        Assert.Equal(value, published.Value);
    }

    [Fact]
    public void A_share_of_nothing_has_no_data_and_an_average_over_few_people_is_suppressed()
    {
        var published = FigurePublisher.Publish([new ShareFigure("s", Q1, "", "", 0, 0), new AverageFigure("v", Q1, "", "", 4.25m, 7), new AverageFigure("v", Q1, "", "a", 4.25m, 8)]);

        Assert.Equal([FigureStatus.NoData, FigureStatus.Suppressed, FigureStatus.Shown], published.Select(f => f.Status));
        Assert.Equal("4.3", published[2].Value);
    }

    [Fact]
    public void A_reference_figure_is_shown_as_configured()
    {
        var published = FigurePublisher.Publish([new ReferenceFigure("p", Q1, "", "q:A", 3.3m)]).Single();

        Assert.Equal(("3.3", true, FigureStatus.Shown), (published.Value, published.Exact, published.Status));
    }

    /// <summary>
    /// Differencing: for random populations published together (a flow count by category and care group, for a year
    /// and its quarters), no two published figures whose populations nest — total and part, year and quarter, care
    /// group and a category within it — pin the count of their difference to one value of 1-7, also when the
    /// difference is itself published. Whole-trust totals are exact for every period by design, so the difference of
    /// two of them (the whole trust's count for the rest of a year) is out of scope.
    /// </summary>
    [Fact]
    public void No_pair_of_nested_published_figures_reveals_a_count_of_one_to_seven()
    {
        var random = new Random(20261123);
        var failures = new List<string>();
        for (var iteration = 0; iteration < 3000 && failures.Count < 10; iteration++)
        {
            var population = Population.Random(random);
            failures.AddRange(Differences(population).Take(10 - failures.Count));
        }

        Assert.True(failures.Count == 0, "Published figures reveal a count of 1-7 by differencing:\n" + string.Join("\n", failures));
    }

    private static IEnumerable<string> Differences(Population population)
    {
        var computed = population.Figures().ToList();
        var published = FigurePublisher.Publish(computed);
        var byKey = computed.Zip(published).ToDictionary(x => Key(x.First), x => (True: ((CountFigure)x.First).Count, Published: x.Second));

        foreach (var (whole, part, complement) in population.NestedPairs())
        {
            var a = byKey[whole];
            var b = byKey[part];
            if (a.Published.Exact && b.Published.Exact)
            {
                // Two whole-trust totals (a year and its quarter): their difference is the whole trust's count for the
                // rest of the year, itself a whole-trust total, which disclosure control leaves exact by design.
                continue;
            }

            var candidates = Consistent(a.Published).SelectMany(x => Consistent(b.Published).Where(y => y <= x).Select(y => x - y)).ToHashSet();
            if (complement is { } c && byKey.TryGetValue(c, out var own))
            {
                candidates.IntersectWith(Consistent(own.Published));
            }

            if (candidates.Count == 1 && candidates.Single() is >= 1 and <= 7)
            {
                yield return $"{Describe(whole, a)} less {Describe(part, b)} is exactly {candidates.Single()} ({population})";
            }
        }
    }

    private static string Describe((ReportingPeriod Period, string CareGroup, string Category) key, (long True, PublishedFigure Published) figure) =>
        $"{key.Period} [{key.CareGroup}|{key.Category}] published {figure.Published.Value}{(figure.Published.Exact ? " (exact)" : "")} (true {figure.True})";

    /// <summary>Every true count a published count allows.</summary>
    private static IEnumerable<long> Consistent(PublishedFigure figure)
    {
        if (figure.Status == FigureStatus.Suppressed)
        {
            return Enumerable.Range(1, 7).Select(v => (long)v);
        }

        var value = long.Parse(figure.Value, CultureInfo.InvariantCulture);
        if (figure.Exact || value == 0)
        {
            return [value];
        }

        return Enumerable.Range((int)value - 2, 5).Select(v => (long)v).Where(v => v >= 8 && DisclosureControl.Count(v) == figure.Value);
    }

    private static (ReportingPeriod, string, string) Key(ComputedFigure f) => (f.Period, f.CareGroup, f.Category);

    /// <summary>
    /// People counted per quarter, per care group ("" for members with none: they count only in the totals) and
    /// category. Counts lean small, where disclosure matters.
    /// </summary>
    private sealed record Population(int Year, string[] CareGroups, string[] Categories, Dictionary<(int Quarter, string CareGroup, string Category), long> Cells)
    {
        private const string Metric = "test.flow";

        public static Population Random(Random random)
        {
            var groups = Enumerable.Range(0, random.Next(0, 4)).Select(i => $"g{i}").ToArray();
            var categories = Enumerable.Range(0, random.Next(1, 5)).Select(i => $"c{i}").ToArray();
            var cells = new Dictionary<(int, string, string), long>();
            foreach (var quarter in Enumerable.Range(1, 4))
            {
                foreach (var group in groups.Append(""))
                {
                    foreach (var category in categories)
                    {
                        cells[(quarter, group, category)] = random.Next(4) switch
                        {
                            0 => 0,
                            1 => random.Next(1, 8),
                            2 => random.Next(8, 25),
                            _ => random.Next(0, 80),
                        };
                    }
                }
            }

            return new(2011, groups, categories, cells);
        }

        private IEnumerable<ReportingPeriod> Periods => Enumerable.Range(0, 5).Select(q => new ReportingPeriod(Year, q));

        private long Count(ReportingPeriod period, string? group, string? category) =>
            Cells.Where(c => (period.IsWholeYear || c.Key.Quarter == period.Quarter)
                             && (group is null || c.Key.CareGroup == group) && (category is null || c.Key.Category == category))
                .Sum(c => c.Value);

        public IEnumerable<ComputedFigure> Figures() =>
            Periods.SelectMany(p => FigureGrid.Counts(Metric, p, CareGroups, Categories, (g, c) => Count(p, g, c)));

        /// <summary>(whole, part, the complement when it is itself one published figure).</summary>
        public IEnumerable<((ReportingPeriod, string, string) Whole, (ReportingPeriod, string, string) Part, (ReportingPeriod, string, string)? Complement)> NestedPairs()
        {
            foreach (var p in Periods)
            {
                foreach (var group in CareGroups.Prepend(""))
                {
                    foreach (var category in Categories)
                    {
                        // A category within the trust or a care group; with two categories the other is the complement.
                        var other = Categories.Length == 2 ? Categories.Single(c => c != category) : null;
                        yield return ((p, group, ""), (p, group, category), other is null ? null : (p, group, other));
                    }
                }

                foreach (var group in CareGroups)
                {
                    yield return ((p, "", ""), (p, group, ""), null);
                    foreach (var category in Categories)
                    {
                        yield return ((p, "", category), (p, group, category), null);
                    }
                }
            }

            // A quarter within its year, for every figure of a flow count.
            foreach (var q in Periods.Where(p => !p.IsWholeYear))
            {
                foreach (var group in CareGroups.Prepend(""))
                {
                    foreach (var category in Categories.Prepend(""))
                    {
                        yield return ((new ReportingPeriod(Year, 0), group, category), (q, group, category), null);
                    }
                }
            }
        }

        public override string ToString() =>
            $"{CareGroups.Length} care groups, {Categories.Length} categories, cells " +
            string.Join(" ", Cells.Where(c => c.Value > 0).Select(c => $"Q{c.Key.Quarter}/{c.Key.CareGroup}/{c.Key.Category}={c.Value}"));
    }

    private static CountFigure Count(string group, string category, long count) => new("m", Q1, group, category, count);
}
