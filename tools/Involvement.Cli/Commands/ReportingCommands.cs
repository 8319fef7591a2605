using Involvement.BuildingBlocks.Security;
using Involvement.Cli.Errors;
using Involvement.Cli.Output;
using Involvement.Reporting.V1;

namespace Involvement.Cli.Commands;

/// <summary>What board-report authors and dashboards read: disclosure-controlled metrics, targets, the board report.</summary>
public static class ReportingCommands
{
    private const string PeriodOptions = "[--year <2026> --quarter <1-4>]";

    public static readonly IReadOnlyList<Command> All =
    [
        new("membership-summary", Audience.Reporting, "", "members by lived-experience type and pyramid level", MembershipAsync),
        new("list-metrics", Audience.Reporting, "[--area membership|diversity|reach|committees|training|payments|impact]",
            "what each metric counts, its unit and disclosure rule", ListMetricsAsync),
        new("metrics", Audience.Reporting, $"[--codes <code,code>] {PeriodOptions} [--care-group <g> | --all-care-groups]",
            "figures for a quarter (default: this one), with progress against targets", MetricsAsync),
        new("list-targets", Audience.Reporting, "[--year <2026>] [--metric <code>]", "the trust's targets", ListTargetsAsync),
        new("board-report", Audience.Reporting, $"{PeriodOptions} --out <report.html>",
            "the quarterly Trust Board report as an A4 HTML page (default: this quarter)", BoardReportAsync),
    ];

    private static async Task<int> MembershipAsync(CommandContext c)
    {
        var reply = await new ReportingService.ReportingServiceClient(c.Reporting(Roles.ReportingConsumer))
            .GetMembershipSummaryAsync(new GetMembershipSummaryRequest(), cancellationToken: c.Ct);
        c.Output.Write(reply, r =>
        {
            var table = new Table("group", "members").Row("total", r.TotalMembers);
            foreach (var t in r.ByType)
            {
                table.Row($"type {t.LivedExperienceType.Replace('_', ' ')}", t.Members?.Value);
            }

            foreach (var l in r.ByLevel)
            {
                table.Row($"level {l.InvolvementLevel} {l.LevelName}", l.Members?.Value);
            }

            return table;
        });
        return ExitCodes.Ok;
    }

    private static async Task<int> ListMetricsAsync(CommandContext c)
    {
        var reply = await new MetricService.MetricServiceClient(c.Reporting(Roles.ReportingConsumer))
            .ListMetricsAsync(new ListMetricsRequest { Area = c.Args.Get("area", "") }, cancellationToken: c.Ct);
        c.Output.Write(reply, r => Table.From(r.Metrics, ["code", "title", "unit", "area", "source"], m => [m.Code, m.Title, m.Unit, m.Area, m.SourceService]));
        return ExitCodes.Ok;
    }

    private static async Task<int> MetricsAsync(CommandContext c)
    {
        var reply = await new MetricService.MetricServiceClient(c.Reporting(Roles.ReportingConsumer)).GetMetricsAsync(new GetMetricsRequest
        {
            MetricCodes = { c.Args.List("codes") }, Period = Period(c.Args), CareGroup = c.Args.Get("care-group", ""), AllCareGroups = c.Args.Has("all-care-groups"),
        }, cancellationToken: c.Ct);
        c.Output.Write(reply, r => Table.From(r.Metrics.SelectMany(m => m.Figures.Select(f => (m, f))),
            ["metric", "care group", "category", "value", "target", "status"],
            x => [x.m.Definition.Code, x.f.CareGroup.Length == 0 ? "trust" : x.f.CareGroup, x.f.Category, x.f.Value,
                x.f.Category.Length == 0 && x.f.CareGroup.Length == 0 && x.m.Target is { } t ? t.Target.Value : "", x.m.Target?.Status]));
        return ExitCodes.Ok;
    }

    private static async Task<int> ListTargetsAsync(CommandContext c)
    {
        var reply = await new TargetService.TargetServiceClient(c.Reporting(Roles.ReportingConsumer))
            .ListTargetsAsync(new ListTargetsRequest { FinancialYear = c.Args.WholeNumber("year", 0), MetricCode = c.Args.Get("metric", "") }, cancellationToken: c.Ct);
        c.Output.Write(reply, r => Table.From(r.Targets, ["metric", "year", "quarter", "target", "baseline"],
            t => [t.MetricCode, t.FinancialYear, t.Quarter == 0 ? "year end" : t.Quarter, t.Value, t.HasBaseline ? t.Baseline : ""]));
        return ExitCodes.Ok;
    }

    private sealed record Written(string Path, long Bytes, string ContentType, string SuggestedName);

    private static async Task<int> BoardReportAsync(CommandContext c)
    {
        var path = c.Args.Require("out");
        var period = Period(c.Args);
        c.Progress.Report("rendering the board report ...");
        var rendered = await new BoardReportService.BoardReportServiceClient(c.Reporting(Roles.ReportingConsumer))
            .RenderBoardReportAsync(new RenderBoardReportRequest { Period = period }, cancellationToken: c.Ct);
        c.Progress.Report($"writing {rendered.Content.Length:N0} bytes to {path}");
        await File.WriteAllBytesAsync(path, rendered.Content.ToByteArray(), c.Ct);
        c.Output.WritePlain(new Written(path, rendered.Content.Length, rendered.ContentType, rendered.FileName),
            w => $"wrote {w.Path} ({w.Bytes:N0} bytes, {w.ContentType}); suggested name {w.SuggestedName}");
        return ExitCodes.Ok;
    }

    /// <summary>A quarter of an NHS financial year, named by the year it starts in; unset for the current quarter.</summary>
    private static Period? Period(Arguments a)
    {
        if (a.Get("year") is null)
        {
            return a.Get("quarter") is null ? null : throw new UsageException("--quarter needs --year (the year the financial year starts in).");
        }

        return new Period { FinancialYear = a.RequireInt("year"), Quarter = a.RequireInt("quarter") };
    }
}
