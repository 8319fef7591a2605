using System.Text;
using Grpc.Core;
using Involvement.BuildingBlocks.Errors;
using Involvement.BuildingBlocks.Security;
using Involvement.BuildingBlocks.Time;
using Involvement.Reporting.Metrics;
using Involvement.Reporting.Periods;
using Involvement.Reporting.Targets;
using Involvement.Reporting.V1;
using Microsoft.AspNetCore.Authorization;

namespace Involvement.Reporting.BoardReport;

/// <summary>The quarterly Trust Board report, as data and as an A4 HTML document.</summary>
[Authorize(Roles = $"{Roles.ReportingConsumer},{Roles.PpiTeam}")]
public sealed class BoardReportApi(MetricCatalog catalog, BoardReportStore store, TargetProgressReader targets, TimeProvider clock)
    : BoardReportService.BoardReportServiceBase
{
    public const string ContentType = "text/html; charset=utf-8";

    public override Task<V1.BoardReport> GetBoardReport(GetBoardReportRequest request, ServerCallContext context) =>
        BuildAsync(request.Period, context.CancellationToken);

    public override async Task<RenderedBoardReport> RenderBoardReport(RenderBoardReportRequest request, ServerCallContext context)
    {
        var report = await BuildAsync(request.Period, context.CancellationToken);
        return new RenderedBoardReport
        {
            Content = Google.Protobuf.ByteString.CopyFrom(Encoding.UTF8.GetBytes(BoardReportDocument.Render(report))),
            ContentType = ContentType,
            FileName = FileName(new ReportingPeriod(report.Period.FinancialYear, report.Period.Quarter)),
        };
    }

    /// <summary>board-report-2026-27-q3.html</summary>
    public static string FileName(ReportingPeriod period) =>
        $"board-report-{period.FinancialYear}-{(period.FinancialYear + 1) % 100:00}-q{period.Quarter}.html";

    private async Task<V1.BoardReport> BuildAsync(Period? requested, CancellationToken cancellationToken)
    {
        var v = new RequestValidator();
        var period = ValidPeriod.From("period", requested, clock.Today(), v);
        v.Must(period.Quarter is >= 1 and <= 4, "period.quarter", "the board report is quarterly: give a quarter 1-4 (or leave the period unset for the current quarter)");
        v.ThrowIfInvalid();

        var figures = await store.FiguresAsync(BoardLayout.AllCodes, period, cancellationToken);
        var history = await store.TotalsAsync(BoardLayout.HistoryCodes, BoardReportBuilder.TrendQuarters(period), cancellationToken);
        var feedback = await store.FeedbackAsync(period, cancellationToken);
        var headlines = BoardLayout.Headlines.Where(h => catalog.ByCode.ContainsKey(h.Code)).Select(h => catalog.ByCode[h.Code]).ToList();
        var progress = await targets.ForAsync(headlines, period, clock.Today(), cancellationToken);
        return BoardReportBuilder.Build(new BoardReportInputs(period, figures, history, feedback, progress, clock.GetUtcNow()), catalog.ByCode);
    }
}
