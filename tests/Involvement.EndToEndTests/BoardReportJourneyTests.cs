using Involvement.BuildingBlocks.Security;
using Involvement.EndToEndTests.Cli;
using Involvement.Reporting.V1;
using Involvement.TestKit;

namespace Involvement.EndToEndTests;

/// <summary>
/// The run command's journey: the four services run, the CLI loads the demo data through their public APIs as a PPI
/// team would, the events flow, and this quarter's Trust Board report shows the demo's figures — as data and in the
/// document the CLI writes. A system of its own, so no other test's members are counted.
/// </summary>
public sealed class BoardReportJourneyTests(SystemFixture system) : IClassFixture<SystemFixture>
{
    [Fact]
    public async Task The_demo_data_reaches_this_quarters_board_report()
    {
        var (code, output, errors) = await CliRunner.RunAsync(null,
            "load-demo", "--recruitment", system.Recruitment.Address.ToString(), "--payments", system.Payments.Address.ToString(),
            "--training", system.Training.Address.ToString(), "--reporting", system.Reporting.Address.ToString());
        Assert.True(code == 0, $"load-demo failed ({code}):\n{output}\n{errors}");

        using var channel = system.Reporting.OpenChannel();
        var reports = new BoardReportService.BoardReportServiceClient(channel.CreateCallInvoker().As(Roles.ReportingConsumer));
        // Eight demo members, every one in a care group of fewer than eight: the total is rounded with them (10).
        var report = await Eventually.ValueAsync(async () =>
        {
            var r = await reports.GetBoardReportAsync(new GetBoardReportRequest());
            return Figure(r.Membership, "membership.new_members") == "10" && r.WeSaidWeDid.Count > 0
                && Figure(r.InvolvementRequests, "impact.requests_assessed") == "1" && Figure(r.Training, "training.workshops_delivered") != "0"
                ? r : throw new InvalidOperationException("the demo's figures have not all reached reporting yet");
        }, timeout: TimeSpan.FromSeconds(60), what: "the demo's figures in the board report");

        Assert.Equal("10", Figure(report.Membership, "membership.members"));
        Assert.Equal("1", Figure(report.InvolvementRequests, "impact.requests_received"));
        Assert.Contains(report.WeSaidWeDid, w => w.WeDid.StartsWith("Wards now phone the named carer", StringComparison.Ordinal));
        Assert.True(report.TargetsAvailable);
        Assert.Contains(report.Headlines, h => h.Metric.MetricCode == "membership.new_members" && h.Target is { Target.Value: 100 });

        var file = Path.Combine(Path.GetTempPath(), $"board-report-{Guid.NewGuid():N}.html");
        try
        {
            (code, output, errors) = await CliRunner.RunAsync(null, "board-report", "--reporting", system.Reporting.Address.ToString(), "--out", file);
            Assert.True(code == 0, $"board-report failed ({code}):\n{output}\n{errors}");
            var html = await File.ReadAllTextAsync(file);
            Assert.Contains("Wards now phone the named carer", html, StringComparison.Ordinal);
            Assert.Contains(report.PeriodName, html, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static string? Figure(BoardSection section, string metric) =>
        section.Metrics.SingleOrDefault(m => m.MetricCode == metric)?.Total.Value;
}
