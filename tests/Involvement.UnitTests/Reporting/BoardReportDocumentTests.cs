using System.Text.RegularExpressions;
using Involvement.Reporting.BoardReport;
using Involvement.Reporting.Metrics;
using Involvement.Reporting.Periods;
using Involvement.Reporting.V1;

namespace Involvement.UnitTests.Reporting;

public sealed class BoardReportDocumentTests
{
    private static readonly ReportingPeriod Quarter = new(2026, 3);
    private const string Hostile = "<script>alert('x')</script>\"><img src=x onerror=alert(1)>&amp;";

    [Fact]
    public void User_entered_text_and_labels_are_encoded_and_nothing_runs()
    {
        var report = Build(
            [
                Stored("membership.members", "", "", "shown", "120", 120, exact: true),
                Stored("membership.members", Hostile, "", "shown", "10", 10),
                Stored("membership.members_by_scheme", "", Hostile, "suppressed", "*", null),
            ],
            feedback: [new FeedbackExample(Hostile, new DateOnly(2026, 11, 2), Hostile, "We changed the leaflet.\n" + Hostile)]);

        var html = BoardReportDocument.Render(report);

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("onerror=alert", html.Replace("onerror=alert(1)&gt;", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(1)&gt;&amp;amp;", html, StringComparison.Ordinal);
        Assert.Contains("We changed the leaflet.<br>&lt;script&gt;", html, StringComparison.Ordinal);
    }

    [Fact]
    public void The_document_is_self_contained_and_prints_to_a4()
    {
        var html = BoardReportDocument.Render(Build([Stored("membership.members", "", "", "shown", "120", 120, exact: true)]));

        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"en-GB\">", html, StringComparison.Ordinal);
        Assert.Contains("@page { size: A4;", html, StringComparison.Ordinal);
        Assert.Contains("break-before: page", html, StringComparison.Ordinal);
        Assert.Contains("break-inside: avoid", html, StringComparison.Ordinal);
        foreach (var outside in new[] { "<script", "<link", "<img", "src=", "@import", "url(", "@font-face" })
        {
            Assert.DoesNotContain(outside, html, StringComparison.OrdinalIgnoreCase);
        }

        // The only address is the SVG namespace, which is a name, not something fetched.
        Assert.All(Regex.Matches(html, "https?://[^\"]*").Select(m => m.Value), a => Assert.Equal("http://www.w3.org/2000/svg", a));
        // Every chart is an image with a title and a text alternative; every table has a caption.
        var charts = Regex.Count(html, "<svg ");
        Assert.True(charts >= 8, $"{charts} charts");
        Assert.Equal(charts, Regex.Count(html, "role=\"img\" aria-labelledby=\"chart-\\d+-t chart-\\d+-d\""));
        Assert.Equal(charts, Regex.Count(html, "<desc id="));
        Assert.Equal(Regex.Count(html, "<table"), Regex.Count(html, "<caption>"));
    }

    [Fact]
    public void A_report_with_no_figures_says_no_data_everywhere_and_does_not_fail()
    {
        var report = Build([], keepsFeedback: false);
        var html = BoardReportDocument.Render(report);

        Assert.All(report.Headlines, h => Assert.Equal(FigureStatus.NoData, h.Metric.Total.Status));
        Assert.All(report.Flags, f => Assert.Equal(BoardFlagState.NoData, f.State));
        Assert.All(report.Trends, t => Assert.Equal(BoardLayout.TrendQuarters, t.Points.Count));
        Assert.False(report.WeSaidWeDidAvailable);
        Assert.False(report.TargetsAvailable);
        Assert.Contains("No data to chart yet.", html, StringComparison.Ordinal);
        Assert.Contains("Not available: this installation does not yet keep publishable feedback.", html, StringComparison.Ordinal);
        Assert.Contains("Progress against targets is not available in this installation yet.", html, StringComparison.Ordinal);
        Assert.Contains("no equality snapshot", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Flags_are_raised_for_anything_above_zero_including_a_withheld_count()
    {
        var report = Build(
            [
                Stored("reach.meetings_without_two", "", "", "suppressed", "*", null),
                Stored("payments.claims_overdue", "", "", "shown", "0", 0, exact: true),
                Stored("training.supervision_gaps", "", "", "not_deployed", "not deployed", null),
            ]);

        Assert.Equal(
            [BoardFlagState.Raised, BoardFlagState.Clear, BoardFlagState.NotDeployed],
            report.Flags.Select(f => f.State));
        var html = BoardReportDocument.Render(report);
        Assert.Contains("<strong>Needs attention:</strong> Meetings without two experts by experience <span class=\"count\">*</span>", html, StringComparison.Ordinal);
        Assert.Contains("<strong>Not deployed:</strong> People without supervision", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Scale_comes_from_shown_figures_only()
    {
        Assert.Equal(50, SvgCharts.ScaleMax(MetricUnit.People, [Shown(42), Withheld(), NoData()]));
        Assert.Equal(100, SvgCharts.ScaleMax(MetricUnit.Percent, [Shown(12.5), Withheld()]));
        Assert.Equal(250, SvgCharts.ScaleMax(MetricUnit.Percent, [Shown(230)]));   // a budget overspent
        Assert.Null(SvgCharts.ScaleMax(MetricUnit.People, [Withheld(), NoData()]));
        Assert.Null(SvgCharts.ScaleMax(MetricUnit.People, []));
        Assert.Equal(1, SvgCharts.NiceMax(0));
        Assert.Equal(2000, SvgCharts.NiceMax(1001));
        Assert.Equal(2.5, SvgCharts.NiceMax(2.1));
        Assert.Equal([5, 4, 5, 5, 5], new double[] { 250, 200, 100, 1, 2.5 }.Select(SvgCharts.Divisions));
    }

    [Fact]
    public void A_column_chart_draws_shown_figures_to_scale_and_marks_withheld_and_missing_ones()
    {
        var svg = new SvgCharts().Columns("Members, by quarter", MetricUnit.People,
            [new("2026/27 Q1", Shown(100)), new("2026/27 Q2", Withheld()), new("2026/27 Q3", NoData()), new("2026/27 Q4", Shown(50))]);

        // Scale 0-100 over a 144-unit plot: 100 is the full height, 50 half of it; nothing else is a bar.
        var heights = Regex.Matches(svg, "<rect x=\"[^\"]+\" y=\"[^\"]+\" width=\"[^\"]+\" height=\"([^\"]+)\" fill=\"#005eb8\"/>")
            .Select(m => double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal([144, 72], heights);
        Assert.Contains("stroke-dasharray=\"2 2\"", svg, StringComparison.Ordinal);     // the withheld placeholder
        Assert.Contains(">*</text>", svg, StringComparison.Ordinal);
        Assert.Contains(">–</text>", svg, StringComparison.Ordinal);
        Assert.Contains("2026/27 Q1: 100; 2026/27 Q2: withheld (1 to 7); 2026/27 Q3: no data; 2026/27 Q4: 50.", svg, StringComparison.Ordinal);
    }

    [Fact]
    public void A_chart_with_nothing_shown_says_why_instead_of_drawing_an_empty_scale()
    {
        var charts = new SvgCharts();
        Assert.Contains("Not deployed", charts.Bars("Fees", MetricUnit.Pence, [new("a", NotDeployed()), new("b", NotDeployed())]), StringComparison.Ordinal);
        Assert.Contains("Every figure is withheld", charts.Bars("Levels", MetricUnit.People, [new("1", Withheld())]), StringComparison.Ordinal);
        Assert.DoesNotContain("<line", charts.Columns("x", MetricUnit.People, [new("2026/27 Q1", NoData())]), StringComparison.Ordinal);
    }

    [Fact]
    public void Diversity_pairs_the_pool_the_people_involved_and_the_population_per_answer()
    {
        var report = Build(
            [
                Stored("diversity.pool_share", "", "ethnicity:ASIAN", "shown", "12.5", 12.5),
                Stored("diversity.involved_share", "", "ethnicity:ASIAN", "suppressed", "*", null),
                Stored("diversity.population_share", "", "ethnicity:ASIAN", "shown", "9", 9),
                Stored("diversity.pool_share", "", "ethnicity:WHITE", "shown", "80", 80),
                Stored("diversity.pool_response", "", "ethnicity:answered", "shown", "85", 85),
            ]);

        var question = Assert.Single(report.Diversity.Questions);
        Assert.Equal("ethnicity", question.Question);
        Assert.Equal(["ASIAN", "WHITE"], question.Answers.Select(a => a.Answer));
        Assert.Equal("12.5", question.Answers[0].PoolShare.Value);
        Assert.Equal(FigureStatus.Suppressed, question.Answers[0].InvolvedShare.Status);
        Assert.Equal(FigureStatus.NoData, question.Answers[1].PopulationShare.Status);
        var html = BoardReportDocument.Render(report);
        Assert.Contains("Asian: pool 12.5%, involved *, population 9%", html, StringComparison.Ordinal);
        Assert.Contains("Response in the pool: answered 85", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Target_progress_is_drawn_as_a_bar_with_a_target_marker_when_available()
    {
        var progress = new TargetProgress
        {
            Target = new Target { MetricCode = "membership.new_members", FinancialYear = 2026, Value = 100 },
            Actual = 60, ExpectedByNow = 75, ProgressPercent = 60, Status = "behind",
        };
        var report = Build([Stored("membership.new_members", "", "", "shown", "60", 60, exact: true)],
            targets: new Dictionary<string, TargetProgress> { ["membership.new_members"] = progress });

        Assert.True(report.TargetsAvailable);
        Assert.Same(progress, report.Headlines.Single(h => h.Metric.MetricCode == "membership.new_members").Target);
        var html = BoardReportDocument.Render(report);
        Assert.Contains("60 of a target of 100 (60%), Behind", html, StringComparison.Ordinal);
        Assert.Contains(">target 100</text>", html, StringComparison.Ordinal);
        Assert.Contains("No target set for this year.", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Figures_carry_their_disclosure_status()
    {
        var report = Build(
            [
                Stored("membership.members", "", "", "shown", "120", 120),                    // rounded: a breakdown is small
                Stored("membership.members_by_level", "", "", "shown", "120", 120, exact: true),
                Stored("membership.members_by_level", "", "7", "suppressed", "*", null),
                Stored("membership.members_by_level", "", "1", "shown", "115", 115),
                Stored("payments.fees_paid", "", "", "not_deployed", "not deployed", null),
            ]);

        Assert.Equal(["1", "7"], report.Membership.Metrics.Single(m => m.MetricCode == "membership.members_by_level").Categories.Select(c => c.Category));
        var html = BoardReportDocument.Render(report);
        Assert.Contains("120<span class=\"mark\" title=\"rounded\">†</span>", html, StringComparison.Ordinal);
        Assert.Contains("<td class=\"num muted\">not deployed</td>", html, StringComparison.Ordinal);
        Assert.Contains("7 Patient Director: withheld (1 to 7)", html, StringComparison.Ordinal);
        Assert.Contains("<dt>*</dt><dd>Withheld", html, StringComparison.Ordinal);
    }

    private static Involvement.Reporting.V1.BoardReport Build(
        IReadOnlyList<StoredFigure> figures,
        IReadOnlyList<FeedbackExample>? feedback = null,
        IReadOnlyDictionary<string, TargetProgress>? targets = null,
        bool keepsFeedback = true) =>
        BoardReportBuilder.Build(
            new BoardReportInputs(Quarter, figures, [.. figures.Where(f => f.CareGroup.Length == 0 && f.Category.Length == 0)], keepsFeedback ? feedback ?? [] : null, targets,
                new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero)),
            new Dictionary<string, Involvement.Reporting.Metrics.MetricDefinition>());

    private static StoredFigure Stored(string metric, string careGroup, string category, string status, string value, double? number, bool exact = false) =>
        new(metric, Quarter.FinancialYear, Quarter.Quarter, careGroup, category, status, value, number, exact, 1);

    private static BoardFigure Shown(double number) => new() { Status = FigureStatus.Shown, Value = number.ToString(System.Globalization.CultureInfo.InvariantCulture), Number = number, Exact = true };

    private static BoardFigure Withheld() => new() { Status = FigureStatus.Suppressed, Value = "*" };

    private static BoardFigure NoData() => new() { Status = FigureStatus.NoData, Value = "no data" };

    private static BoardFigure NotDeployed() => new() { Status = FigureStatus.NotDeployed, Value = "not deployed" };
}
