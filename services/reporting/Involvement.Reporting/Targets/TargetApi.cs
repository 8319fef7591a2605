using Grpc.Core;
using Involvement.BuildingBlocks.Errors;
using Involvement.BuildingBlocks.Security;
using Involvement.Reporting.Metrics;
using Involvement.Reporting.Periods;
using Involvement.Reporting.V1;
using MetricDefinition = Involvement.Reporting.Metrics.MetricDefinition;
using Microsoft.AspNetCore.Authorization;

namespace Involvement.Reporting.Targets;

/// <summary>Targets: the PPI team sets them; anyone who may read the metrics may read them.</summary>
public sealed class TargetApi(MetricCatalog catalog, TargetStore store) : TargetService.TargetServiceBase
{
    /// <summary>Large enough for any count or sum of pence a trust would aim for; a share is 0-100.</summary>
    public const double MaxValue = 1e13;

    [Authorize(Roles = Roles.PpiTeam)]
    public override Task<Target> SetTarget(SetTargetRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var target = request.Target;
        if (target is null)
        {
            v.Add("target", "is required.");
            v.ThrowIfInvalid();
        }

        var metric = ValidKey(v, "target.", target!.MetricCode, target.FinancialYear, target.Quarter);
        var max = metric?.Unit == MetricUnit.Percent ? 100 : MaxValue;
        v.Finite("target.value", target.Value, 0, max);
        if (target.HasBaseline)
        {
            v.Finite("target.baseline", target.Baseline, 0, max);
            v.Must(metric is null || !TargetKind.Of(metric).Accumulates, "target.baseline",
                "is only for a position or a share: a flow counted over the year starts from 0.");
        }
        else
        {
            v.Must(target.Baseline == 0, "target.baseline", "set has_baseline to give a baseline.");
        }

        var expected = v.ExpectedVersionOrNew("expected_version", request.ExpectedVersion);
        v.ThrowIfInvalid();
        var clean = target.Clone();
        clean.MetricCode = metric!.Code;
        return store.SetAsync(clean, expected, context.CancellationToken);
    }

    [Authorize(Roles = $"{Roles.ReportingConsumer},{Roles.PpiTeam}")]
    public override async Task<ListTargetsResponse> ListTargets(ListTargetsRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        ValidYear(v, "financial_year", request.FinancialYear);
        var metric = v.Optional("metric_code", request.MetricCode, 100);
        v.Must(metric is null || catalog.ByCode.ContainsKey(metric), "metric_code", $"'{metric}' is not a metric; ListMetrics lists them.");
        v.ThrowIfInvalid();
        return new ListTargetsResponse
        {
            Targets = { await store.ListAsync(request.FinancialYear, metric is null ? [] : [metric], context.CancellationToken) },
        };
    }

    [Authorize(Roles = Roles.PpiTeam)]
    public override async Task<DeleteTargetResponse> DeleteTarget(DeleteTargetRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        ValidKey(v, "", request.MetricCode, request.FinancialYear, request.Quarter);
        var expected = v.ExpectedVersion("expected_version", request.ExpectedVersion);
        v.ThrowIfInvalid();
        await store.DeleteAsync(request.MetricCode, request.FinancialYear, request.Quarter, expected, context.CancellationToken);
        return new DeleteTargetResponse();
    }

    private MetricDefinition? ValidKey(RequestValidator v, string prefix, string code, int year, int quarter)
    {
        var metricCode = v.Required($"{prefix}metric_code", code, 100);
        var metric = catalog.ByCode.GetValueOrDefault(metricCode);
        v.Must(metricCode.Length == 0 || metric is not null, $"{prefix}metric_code", $"'{metricCode}' is not a metric; ListMetrics lists them.");
        ValidYear(v, $"{prefix}financial_year", year);
        v.Must(quarter is >= 0 and <= 4, $"{prefix}quarter", "must be 0 (by the end of the year) or 1-4 (a milestone by the end of that quarter).");
        return metric;
    }

    private static void ValidYear(RequestValidator v, string field, int year) =>
        v.Must(year is >= ReportingPeriod.EarliestYear and <= ReportingPeriod.LatestYear, field,
            $"must be the year the financial year starts in, {ReportingPeriod.EarliestYear}-{ReportingPeriod.LatestYear} (2026 for 2026/27).");
}
