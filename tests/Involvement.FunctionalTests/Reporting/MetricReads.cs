using Involvement.Reporting.V1;
using Involvement.TestKit;

namespace Involvement.FunctionalTests.Reporting;

/// <summary>GetMetrics as a test reads it: figures keyed "care group|category", waited for with Eventually.</summary>
public static class MetricReads
{
    public static async Task<IReadOnlyDictionary<string, Figure>> FiguresAsync(IServiceFixture fixture, string metric, int year, int quarter)
    {
        var response = await new MetricService.MetricServiceClient(fixture.Calls(Involvement.BuildingBlocks.Security.Roles.ReportingConsumer))
            .GetMetricsAsync(new GetMetricsRequest
            {
                MetricCodes = { metric },
                Period = new Period { FinancialYear = year, Quarter = quarter },
                AllCareGroups = true,
            });
        return response.Metrics.Single().Figures.ToDictionary(f => $"{f.CareGroup}|{f.Category}", StringComparer.Ordinal);
    }

    public static async Task<string?> ValueAsync(IServiceFixture fixture, string metric, int year, int quarter, string careGroup = "", string category = "") =>
        (await FiguresAsync(fixture, metric, year, quarter)).GetValueOrDefault($"{careGroup}|{category}")?.Value;

    /// <summary>Waits until every expected figure ("care group|category" → value) is published.</summary>
    public static Task WaitForAsync(IServiceFixture fixture, string metric, int year, int quarter, IReadOnlyDictionary<string, string> expected) =>
        Eventually.TrueAsync(async () =>
        {
            var figures = await FiguresAsync(fixture, metric, year, quarter);
            return expected.All(e => figures.TryGetValue(e.Key, out var f) && f.Value == e.Value);
        }, TimeSpan.FromSeconds(30), $"{metric} {year} Q{quarter}: {string.Join(", ", expected.Select(e => $"{e.Key}={e.Value}"))}");

    public static Task WaitForAsync(IServiceFixture fixture, string metric, int year, int quarter, params (string Key, string Value)[] expected) =>
        WaitForAsync(fixture, metric, year, quarter, expected.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal));
}
