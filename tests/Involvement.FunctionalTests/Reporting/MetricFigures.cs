using Involvement.BuildingBlocks.Security;
using Involvement.Contracts;
using Involvement.Contracts.Recruitment;
using Involvement.Reporting.V1;
using Involvement.TestKit;

namespace Involvement.FunctionalTests.Reporting;

/// <summary>Events in and published figures out, for the training and payments metric tests.</summary>
internal static class MetricFigures
{
    /// <summary>Publishes an event as its own type (the exchange is the event's), with its event id as the message id.</summary>
    public static Task PublishAsync(ReportingFixture fixture, IIntegrationEvent e) =>
        (Task)typeof(EventProbe<MemberRegistered>).GetMethod(nameof(EventProbe<MemberRegistered>.PublishAsync))!
            .MakeGenericMethod(e.GetType()).Invoke(fixture.MemberEvents, [e])!;

    public static async Task PublishAllAsync(ReportingFixture fixture, IEnumerable<IIntegrationEvent> events)
    {
        foreach (var e in events)
        {
            await PublishAsync(fixture, e);
        }
    }

    /// <summary>Every event twice (the same event id), in an order shuffled by <paramref name="seed"/>.</summary>
    public static IReadOnlyList<IIntegrationEvent> ShuffledAndRepeated(IEnumerable<IIntegrationEvent> events, int seed)
    {
        var all = events.Concat(events).ToArray();
        new Random(seed).Shuffle(all);
        return all;
    }

    public static async Task<GetMetricsResponse> GetAsync(ReportingFixture fixture, int year, int quarter, IEnumerable<string> codes) =>
        await new MetricService.MetricServiceClient(fixture.Calls(Roles.ReportingConsumer)).GetMetricsAsync(new GetMetricsRequest
        {
            MetricCodes = { codes },
            Period = new Period { FinancialYear = year, Quarter = quarter },
            AllCareGroups = true,
        });

    /// <summary>A figure's published value: "(none)" when there is no such figure.</summary>
    public static string Value(GetMetricsResponse response, string code, string category = "", string careGroup = "") =>
        response.Metrics.Single(m => m.Definition.Code == code).Figures
            .SingleOrDefault(f => f.Category == category && f.CareGroup == careGroup)?.Value ?? "(none)";

    /// <summary>Waits until every expected figure of the period is published as expected; fails showing the differences.</summary>
    public static async Task ExpectAsync(ReportingFixture fixture, int year, int quarter, IReadOnlyDictionary<Figure, string> expected)
    {
        var actual = new Dictionary<Figure, string>();
        try
        {
            await Eventually.TrueAsync(async () =>
            {
                var response = await GetAsync(fixture, year, quarter, expected.Keys.Select(k => k.Code).Distinct());
                actual = expected.Keys.ToDictionary(k => k, k => Value(response, k.Code, k.Category, k.CareGroup));
                return expected.All(e => actual[e.Key] == e.Value);
            }, what: $"the expected figures for {year} Q{quarter}");
        }
        catch (TimeoutException)
        {
            Assert.Equal(
                expected.OrderBy(x => x.Key.ToString()).Select(x => $"{x.Key}={x.Value}"),
                actual.OrderBy(x => x.Key.ToString()).Select(x => $"{x.Key}={x.Value}"));
            throw;
        }
    }

    public sealed record Figure(string Code, string Category = "", string CareGroup = "")
    {
        public override string ToString() => $"{Code}[{Category}|{CareGroup}]";
    }
}
