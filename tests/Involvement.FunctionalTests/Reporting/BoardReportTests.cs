using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Dapper;
using Grpc.Core;
using Involvement.BuildingBlocks.Security;
using Involvement.Reporting.V1;
using Xunit.Abstractions;

namespace Involvement.FunctionalTests.Reporting;

// The report reads only published figures (metric_values) and publishable feedback. These tests publish figures
// as the refresher would, for financial years long past (2010-2011) that no metric family recomputes, so they
// stand whichever families this build has; FY 2013 stays empty.
public sealed class BoardReportTests(ReportingFixture fixture, ITestOutputHelper output) : IClassFixture<ReportingFixture>
{
    private const string Hostile = "<script>alert(\"board\")</script><img src=x onerror=alert(1)>";

    private static readonly Period Reported = new() { FinancialYear = 2011, Quarter = 3 };

    [Fact]
    public async Task The_report_holds_every_section_from_the_published_figures()
    {
        await SeedAsync();

        var report = await Client().GetBoardReportAsync(new GetBoardReportRequest { Period = Reported });

        Assert.Equal("2011/12 Q3", report.PeriodName);
        Assert.Equal((2011, 10, 1), (report.PeriodStart.Year, report.PeriodStart.Month, report.PeriodStart.Day));
        Assert.Equal((2011, 12, 31), (report.PeriodEnd.Year, report.PeriodEnd.Month, report.PeriodEnd.Day));

        var members = report.Headlines.Single(h => h.Metric.MetricCode == "membership.members");
        Assert.Equal(("240", true), (members.Metric.Total.Value, members.Metric.Total.Exact));
        Assert.Equal("225", members.PreviousQuarter.Value);
        Assert.Null(members.Target);
        Assert.True(report.TargetsAvailable);   // none set for 2011: no progress, but targets are read

        var byLevel = report.Membership.Metrics.Single(m => m.MetricCode == "membership.members_by_level");
        Assert.Equal(["1", "2", "7"], byLevel.Categories.Select(c => c.Category));
        Assert.Equal(FigureStatus.Suppressed, byLevel.Categories[2].Status);
        Assert.Equal(["Adult mental health", "Forensic services"], report.Membership.Metrics[0].CareGroups.Select(c => c.CareGroup));

        Assert.Equal(
            [BoardFlagState.Raised, BoardFlagState.Clear, BoardFlagState.NotDeployed],
            report.Flags.Select(f => f.State));
        Assert.Equal(FigureStatus.NotDeployed, report.Payments.Metrics.Single(m => m.MetricCode == "payments.fees_paid").Total.Status);
        Assert.Equal(FigureStatus.NoData, report.Spread.Metrics[0].Total.Status);       // no figure at all: "no data"

        var trend = report.Trends.Single(t => t.MetricCode == "membership.members");
        Assert.Equal(8, trend.Points.Count);
        Assert.Equal(["no data", "no data", "no data", "no data", "210", "*", "225", "240"], trend.Points.Select(p => p.Value));
        Assert.Equal((2009, 4), (trend.Points[0].Period.FinancialYear, trend.Points[0].Period.Quarter));

        var ethnicity = Assert.Single(report.Diversity.Questions);
        Assert.Equal(["ASIAN", "WHITE"], ethnicity.Answers.Select(a => a.Answer));
        Assert.Equal(("15", "*", "11.2"), (ethnicity.Answers[0].PoolShare.Value, ethnicity.Answers[0].InvolvedShare.Value, ethnicity.Answers[0].PopulationShare.Value));

        Assert.True(report.WeSaidWeDidAvailable);
        Assert.Equal(["Car parking review", Hostile], report.WeSaidWeDid.Select(e => e.OpportunityTitle));   // newest first; none from Q2
        Assert.Equal(Hostile, report.WeSaidWeDid[1].WeSaid);                                                  // data as given
        Assert.Equal(["12", "10"], report.InvolvementRequests.Metrics.Select(m => m.Total.Value));
    }

    [Fact]
    public async Task The_document_is_an_html_file_that_encodes_what_people_typed()
    {
        await SeedAsync();

        var rendered = await Client(Roles.PpiTeam).RenderBoardReportAsync(new RenderBoardReportRequest { Period = Reported });
        var html = rendered.Content.ToStringUtf8();

        Assert.Equal("text/html; charset=utf-8", rendered.ContentType);
        Assert.Equal("board-report-2011-12-q3.html", rendered.FileName);
        Assert.Contains("Trust Board report, 2011/12 Q3", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(&quot;board&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("240", html, StringComparison.Ordinal);
        Assert.Contains("<strong>Needs attention:</strong>", html, StringComparison.Ordinal);   // the meetings flag (3) is raised
    }

    [Fact]
    public async Task A_quarter_without_figures_says_no_data_and_still_renders()
    {
        var report = await Client().GetBoardReportAsync(new GetBoardReportRequest { Period = new Period { FinancialYear = 2013, Quarter = 2 } });

        Assert.All(report.Headlines, h => Assert.Equal(("no data", FigureStatus.NoData), (h.Metric.Total.Value, h.Metric.Total.Status)));
        Assert.All(report.Flags, f => Assert.Equal(BoardFlagState.NoData, f.State));
        Assert.Empty(report.Diversity.Questions);
        var html = (await Client().RenderBoardReportAsync(new RenderBoardReportRequest { Period = new Period { FinancialYear = 2013, Quarter = 2 } })).Content.ToStringUtf8();
        Assert.Contains("No data to chart yet.", html, StringComparison.Ordinal);

        // Unset: the current quarter.
        var current = await Client().GetBoardReportAsync(new GetBoardReportRequest());
        Assert.InRange(current.Period.Quarter, 1, 4);
    }

    [Fact]
    public async Task Only_reporting_roles_may_have_it_and_it_is_quarterly()
    {
        await RpcAssert.FailsWith(StatusCode.PermissionDenied,
            () => Client(Roles.Member).GetBoardReportAsync(new GetBoardReportRequest()).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.Unauthenticated,
            () => Client(role: null).RenderBoardReportAsync(new RenderBoardReportRequest()).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.InvalidArgument,
            () => Client().GetBoardReportAsync(new GetBoardReportRequest { Period = new Period { FinancialYear = 2011, Quarter = 0 } }).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.InvalidArgument,
            () => Client().GetBoardReportAsync(new GetBoardReportRequest { Period = new Period { FinancialYear = 1999, Quarter = 1 } }).ResponseAsync);
    }

    [ChromiumFact]
    public async Task The_document_renders_in_headless_chromium_and_prints_to_several_a4_pages()
    {
        await SeedAsync();
        var rendered = await Client().RenderBoardReportAsync(new RenderBoardReportRequest { Period = Reported });
        var folder = Directory.CreateTempSubdirectory("board-report-").FullName;
        var html = Path.Combine(folder, rendered.FileName);
        await File.WriteAllBytesAsync(html, rendered.Content.ToByteArray());
        var png = Path.Combine(folder, "board-report.png");
        var pdf = Path.Combine(folder, "board-report.pdf");

        await Chromium.RunAsync($"--screenshot={png}", "--window-size=1240,1754", new Uri(html).AbsoluteUri);
        await Chromium.RunAsync($"--print-to-pdf={pdf}", "--no-pdf-header-footer", new Uri(html).AbsoluteUri);
        output.WriteLine($"screenshot {png}, PDF {pdf}");

        var image = await File.ReadAllBytesAsync(png);
        Assert.Equal("\x89PNG", Encoding.Latin1.GetString(image, 0, 4));
        Assert.Equal((1240, 1754), (BigEndian(image, 16), BigEndian(image, 20)));   // IHDR width and height
        Assert.True(image.Length > 20_000, $"a screenshot of {image.Length} bytes is nearly blank");

        var document = Encoding.Latin1.GetString(await File.ReadAllBytesAsync(pdf));
        Assert.StartsWith("%PDF-", document, StringComparison.Ordinal);
        var pages = Regex.Count(document, @"/Type\s*/Page(?!s)");
        Assert.True(pages >= 8, $"{pages} pages: every section should start a page of its own");
    }

    private BoardReportService.BoardReportServiceClient Client(string? role = Roles.ReportingConsumer) => new(fixture.Calls(role));

    private static int BigEndian(byte[] bytes, int at) => (bytes[at] << 24) | (bytes[at + 1] << 16) | (bytes[at + 2] << 8) | bytes[at + 3];

    /// <summary>Figures as the refresher publishes them, and feedback as the impact read model keeps it.</summary>
    private async Task SeedAsync()
    {
        (string Metric, int Year, int Quarter, string CareGroup, string Category, string Status, string Value, double? Number, bool Exact)[] figures =
        [
            ("membership.members", 2011, 3, "", "", "shown", "240", 240, true),
            ("membership.members", 2011, 3, "Adult mental health", "", "shown", "150", 150, false),
            ("membership.members", 2011, 3, "Forensic services", "", "suppressed", "*", null, false),
            ("membership.members", 2011, 2, "", "", "shown", "225", 225, true),
            ("membership.members", 2011, 1, "", "", "suppressed", "*", null, false),
            ("membership.members", 2010, 4, "", "", "shown", "210", 210, true),
            ("membership.new_members", 2011, 3, "", "", "shown", "15", 15, true),
            ("membership.new_members", 2011, 2, "", "", "shown", "20", 20, true),
            ("membership.members_by_level", 2011, 3, "", "", "shown", "240", 240, false),
            ("membership.members_by_level", 2011, 3, "", "2", "shown", "90", 90, false),
            ("membership.members_by_level", 2011, 3, "", "7", "suppressed", "*", null, false),
            ("membership.members_by_level", 2011, 3, "", "1", "shown", "145", 145, false),
            ("membership.members_by_type", 2011, 3, "", "service_user", "shown", "160", 160, false),
            ("membership.members_by_type", 2011, 3, "", "carer", "shown", "80", 80, false),
            ("reach.people_involved", 2011, 3, "", "", "shown", "64", 64, true),
            ("reach.seats_filled_share", 2011, 3, "", "", "shown", "87.5", 87.5, true),
            ("reach.meetings_two_or_more_share", 2011, 3, "", "", "shown", "75", 75, true),
            ("reach.meetings_two_or_more_share", 2011, 2, "", "", "shown", "60", 60, true),
            ("reach.meetings_without_two", 2011, 3, "", "", "shown", "3", 3, true),
            ("committees.with_ebe_share", 2011, 3, "", "", "shown", "50", 50, true),
            ("training.people_trained", 2011, 3, "", "", "shown", "40", 40, true),
            ("training.people_trained", 2011, 3, "", "member", "shown", "30", 30, false),
            ("training.people_trained", 2011, 3, "", "staff", "shown", "10", 10, false),
            ("training.supervision_gaps", 2011, 3, "", "", "not_deployed", "not deployed", null, false),
            ("payments.fees_paid", 2011, 3, "", "", "not_deployed", "not deployed", null, false),
            ("payments.claims_overdue", 2011, 3, "", "", "shown", "0", 0, true),
            ("impact.feedback_given_share", 2011, 3, "", "", "no_data", "n/a", null, true),
            ("impact.felt_valued_average", 2011, 3, "", "", "shown", "4.2", 4.2, true),
            ("impact.requests_received", 2011, 3, "", "", "shown", "12", 12, true),
            ("impact.requests_received", 2011, 2, "", "", "shown", "9", 9, true),
            ("impact.requests_assessed", 2011, 3, "", "", "shown", "10", 10, true),
            ("diversity.pool_share", 2011, 3, "", "ethnicity:ASIAN", "shown", "15", 15, false),
            ("diversity.pool_share", 2011, 3, "", "ethnicity:WHITE", "shown", "80", 80, false),
            ("diversity.involved_share", 2011, 3, "", "ethnicity:ASIAN", "suppressed", "*", null, false),
            ("diversity.involved_share", 2011, 3, "", "ethnicity:WHITE", "shown", "85", 85, false),
            ("diversity.population_share", 2011, 3, "", "ethnicity:ASIAN", "shown", "11.2", 11.2, false),
            ("diversity.population_share", 2011, 3, "", "ethnicity:WHITE", "shown", "82.5", 82.5, false),
            ("diversity.pool_response", 2011, 3, "", "ethnicity:answered", "shown", "200", 200, false),
            ("diversity.pool_response", 2011, 3, "", "ethnicity:prefer_not_to_say", "shown", "10", 10, false),
            ("diversity.pool_response", 2011, 3, "", "ethnicity:unanswered", "shown", "30", 30, false),
        ];

        await using var db = fixture.OpenDatabase();
        foreach (var f in figures)
        {
            await db.ExecuteAsync(
                """
                insert into metric_values (metric, financial_year, quarter, care_group, category, status, value, number, exact, sequence)
                values (@Metric, @Year, @Quarter, @CareGroup, @Category, @Status, @Value, @Number, @Exact, nextval('metric_value_sequence'))
                on conflict (metric, financial_year, quarter, care_group, category) do nothing
                """,
                new { f.Metric, f.Year, f.Quarter, f.CareGroup, f.Category, f.Status, f.Value, f.Number, f.Exact });
        }

        // The impact read model's table (its migration creates it where that part of reporting is built).
        await db.ExecuteAsync(
            """
            create table if not exists published_feedback (
                feedback_id uuid primary key, opportunity_id uuid not null, opportunity_title text, given_on date not null,
                we_said text not null, we_did text not null, version bigint not null)
            """);
        (Guid Id, string Title, DateOnly GivenOn, string Said, string Did)[] examples =
        [
            (new Guid("0195a000-0000-7000-8000-000000000001"), Hostile, new DateOnly(2011, 10, 3), Hostile, "We left it as written.\n" + Hostile),
            (new Guid("0195a000-0000-7000-8000-000000000002"), "Car parking review", new DateOnly(2011, 12, 20),
                "Carers could not find a space at the day hospital before appointments.",
                "Twelve bays are now kept for carers and the appointment letters say where they are."),
            (new Guid("0195a000-0000-7000-8000-000000000003"), "Earlier quarter", new DateOnly(2011, 9, 30), "Not this quarter.", "Not shown."),
        ];
        foreach (var e in examples)
        {
            await db.ExecuteAsync(
                """
                insert into published_feedback (feedback_id, opportunity_id, opportunity_title, given_on, we_said, we_did, version)
                values (@Id, @Id, @Title, @GivenOn, @Said, @Did, 1)
                on conflict (feedback_id) do nothing
                """,
                new { e.Id, e.Title, e.GivenOn, e.Said, e.Did });
        }
    }
}

/// <summary>A test that needs Debian's Chromium (scripts/infra.sh installs it); skipped, saying so, where it is missing.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (!File.Exists(Chromium.Path))
        {
            Skip = $"{Chromium.Path} is missing: install Debian's chromium package (scripts/infra.sh start installs it) to check the board report in a browser.";
        }
    }
}

/// <summary>Headless Chromium, each run with a profile of its own.</summary>
public static class Chromium
{
    public const string Path = "/usr/bin/chromium";

    public static async Task RunAsync(params string[] arguments)
    {
        var profile = Directory.CreateTempSubdirectory("chromium-profile-").FullName;
        var start = new ProcessStartInfo(Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", $"--user-data-dir={profile}" }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"chromium {string.Join(' ', arguments)} took over 90 s");
        }
        finally
        {
            try
            {
                Directory.Delete(profile, recursive: true);
            }
            catch (IOException)
            {
                // A profile Chromium still holds is left to the temp folder's cleaning.
            }
        }

        Assert.True(process.ExitCode == 0, $"chromium exited {process.ExitCode}: {await stderr}");
    }
}
