using Grpc.Core;
using Involvement.BuildingBlocks.Errors;
using Involvement.BuildingBlocks.Security;
using Involvement.BuildingBlocks.Time;
using Involvement.Reporting.Subscriptions;
using Involvement.Reporting.Targets;
using Involvement.Reporting.V1;
using Microsoft.AspNetCore.Authorization;

namespace Involvement.Reporting.Metrics;

/// <summary>Metric definitions and figures, read from what the refresher stored.</summary>
[Authorize(Roles = $"{Roles.ReportingConsumer},{Roles.PpiTeam}")]
public sealed partial class MetricApi(MetricCatalog catalog, MetricValueStore store, TimeProvider clock, TargetProgressReader progress, MetricChangeFeed feed, WatchedFigures watched) : MetricService.MetricServiceBase
{
    public override Task<ListMetricsResponse> ListMetrics(ListMetricsRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var area = v.Optional("area", request.Area, 50);
        v.Must(area is null || catalog.Metrics.Any(m => m.Area == area), "area",
            $"must be one of {string.Join(", ", catalog.Metrics.Select(m => m.Area).Distinct())}");
        v.ThrowIfInvalid();
        return Task.FromResult(new ListMetricsResponse
        {
            Metrics = { catalog.Metrics.Where(m => area is null || m.Area == area).Select(MetricProto.Definition) },
        });
    }

    public override async Task<GetMetricsResponse> GetMetrics(GetMetricsRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var query = ValidMetricQuery.From(catalog, request.MetricCodes, request.Period, request.CareGroup, request.AllCareGroups, clock.Today(), v);
        v.ThrowIfInvalid();

        var figures = (await store.GetAsync(query.Metrics, query.Period, query.CareGroup, query.AllCareGroups, context.CancellationToken))
            .ToLookup(f => f.Metric, StringComparer.Ordinal);
        var metrics = query.Metrics.Count == 0 ? catalog.Metrics : [.. query.Metrics.Select(c => catalog.ByCode[c])];
        var targets = await progress.ForAsync(metrics, query.Period, clock.Today(), context.CancellationToken);
        return new GetMetricsResponse
        {
            Period = MetricProto.Period(query.Period),
            Metrics =
            {
                metrics.Select(m => new MetricResult
                {
                    Definition = MetricProto.Definition(m),
                    Figures = { figures[m.Code].Select(f => f.ToProto()) },
                    Target = targets.GetValueOrDefault(m.Code),
                }),
            },
        };
    }
}
