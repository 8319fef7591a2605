extern alias ReportingHost;

using Involvement.Contracts.Recruitment;
using Involvement.TestKit;
using ReportingHost::Involvement.Reporting;
using static Involvement.FunctionalTests.Reporting.MetricReads;

namespace Involvement.FunctionalTests.Reporting;

/// <summary>Reporting with a local population profile configured, in a database of its own.</summary>
public sealed class DiversityFixture : ServiceFixture<ReportingApi>
{
    protected override string ServiceName => "reporting";

    protected override IReadOnlyDictionary<string, string?> ExtraSettings { get; } = new Dictionary<string, string?>
    {
        ["Reporting:PopulationProfile:ethnic_category:ETHNIC_CATEGORY_A_WHITE_BRITISH"] = "78.1",
        ["Reporting:PopulationProfile:ethnic_category:ETHNIC_CATEGORY_H_INDIAN"] = "3.3",
        ["Reporting:PopulationProfile:sex:SEX_FEMALE"] = "51.0",
    };
}

public sealed class DiversityMetricTests(DiversityFixture fixture) : IClassFixture<DiversityFixture>
{
    private const string Female = "sex:SEX_FEMALE";
    private const string WhiteBritish = "ethnic_category:ETHNIC_CATEGORY_A_WHITE_BRITISH";
    private const string Indian = "ethnic_category:ETHNIC_CATEGORY_H_INDIAN";

    [Fact]
    public async Task The_latest_snapshot_per_quarter_gives_counts_shares_response_rates_and_the_population_whatever_the_order()
    {
        var q1 = Snapshot(4, 2016, 1, pool: 9, involved: 0, [("sex", "SEX_FEMALE", 9), ("ethnic_category", "ETHNIC_CATEGORY_A_WHITE_BRITISH", 9)], []);
        var olderQ2 = Snapshot(3, 2016, 2, pool: 100, involved: 50, [("sex", "SEX_MALE", 100)], [("sex", "SEX_MALE", 50)]);
        var latestQ2 = Snapshot(5, 2016, 2, pool: 40, involved: 10,
            [("sex", "SEX_FEMALE", 20), ("sex", "SEX_MALE", 12), ("sex", "SEX_PREFER_NOT_TO_SAY", 5), ("sex", "UNANSWERED", 3),
             ("ethnic_category", "ETHNIC_CATEGORY_A_WHITE_BRITISH", 26), ("ethnic_category", "ETHNIC_CATEGORY_H_INDIAN", 4), ("ethnic_category", "ETHNIC_CATEGORY_Z_NOT_STATED", 10)],
            [("sex", "SEX_FEMALE", 10), ("ethnic_category", "ETHNIC_CATEGORY_A_WHITE_BRITISH", 10)]);
        var probe = await fixture.ProbeAsync<EqualitySnapshot>();
        var random = new Random(2016);
        foreach (var snapshot in new[] { q1, olderQ2, latestQ2, q1, olderQ2, latestQ2 }.OrderBy(_ => random.Next()))
        {
            await probe.PublishAsync(snapshot);
        }

        // Counts: below the total 0 stays 0, 1-7 is *, others to the nearest 5; the total is rounded as a breakdown is small.
        await WaitForAsync(fixture, "diversity.pool", 2016, 2,
            ("|", "40"), ($"|{Female}", "20"), ("|sex:SEX_MALE", "10"), ($"|{Indian}", "*"), ("|sex:SEX_PREFER_NOT_TO_SAY", "*"), ($"|{WhiteBritish}", "25"));
        Assert.False((await FiguresAsync(fixture, "diversity.pool", 2016, 2))["|"].Exact);
        await WaitForAsync(fixture, "diversity.involved", 2016, 2, ("|", "10"), ($"|{Female}", "10"), ("|sex:SEX_MALE", "0"), ($"|{Indian}", "0"));
        // Shares of those who answered (32 for sex, 30 for ethnic category), from the rounded counts: 20/30, 10/30, 25/30.
        await WaitForAsync(fixture, "diversity.pool_share", 2016, 2, ($"|{Female}", "66.7"), ("|sex:SEX_MALE", "33.3"), ($"|{WhiteBritish}", "83.3"), ($"|{Indian}", "*"));
        await WaitForAsync(fixture, "diversity.involved_share", 2016, 2, ($"|{Female}", "100"), ($"|{WhiteBritish}", "100"), ($"|{Indian}", "0"));
        await WaitForAsync(fixture, "diversity.population_share", 2016, 2, ($"|{WhiteBritish}", "78.1"), ($"|{Indian}", "3.3"), ($"|{Female}", "51"));
        await WaitForAsync(fixture, "diversity.pool_response", 2016, 2,
            ("|sex:answered", "30"), ("|sex:prefer_not_to_say", "*"), ("|sex:unanswered", "*"),
            ("|ethnic_category:answered", "30"), ("|ethnic_category:prefer_not_to_say", "10"), ("|ethnic_category:unanswered", "0"));
        await WaitForAsync(fixture, "diversity.involved_response", 2016, 2, ("|", "10"), ("|sex:answered", "10"), ("|sex:unanswered", "0"));

        // Q1 has its own snapshot; the whole year shows the year's latest; a quarter with none has no counts.
        await WaitForAsync(fixture, "diversity.pool", 2016, 1, ("|", "9"), ($"|{Female}", "10"), ("|sex:SEX_MALE", "0"));
        await WaitForAsync(fixture, "diversity.pool", 2016, 0, ($"|{Female}", "20"), ("|sex:SEX_MALE", "10"));
        await WaitForAsync(fixture, "diversity.population_share", 2016, 3, ($"|{Female}", "51"));
        Assert.Empty(await FiguresAsync(fixture, "diversity.pool", 2016, 3));

        await Eventually.TrueAsync(async () => await fixture.VirtualHost.QueueDepthAsync("reporting-equality-snapshot") == 0, what: "every copy taken");
        await WaitForAsync(fixture, "diversity.pool", 2016, 2, ("|", "40"), ($"|{Female}", "20"));
    }

    [Fact]
    public async Task A_snapshot_whose_period_is_not_an_nhs_quarter_goes_to_the_error_queue()
    {
        var probe = await fixture.ProbeAsync<EqualitySnapshot>();
        var odd = Snapshot(1, 2017, 1, 10, 0, [], []) with { PeriodEnd = new DateOnly(2017, 5, 31) };

        await probe.PublishAsync(odd);

        await Eventually.TrueAsync(async () => await fixture.VirtualHost.QueueDepthAsync("reporting-equality-snapshot_error") >= 1, what: "the error queue");
        var headers = await fixture.VirtualHost.PeekHeadersAsync("reporting-equality-snapshot_error");
        Assert.Contains("not one NHS quarter", headers!["MT-Fault-Message"], StringComparison.Ordinal);
    }

    private static EqualitySnapshot Snapshot(
        long version, int year, int quarter, int pool, int involved, (string Q, string A, int N)[] poolCounts, (string Q, string A, int N)[] involvedCounts)
    {
        var (start, end) = new Involvement.BuildingBlocks.Time.FinancialYear(year).Quarter(quarter);
        return new(Guid.CreateVersion7(), new DateTimeOffset(start.ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero), version, start, end, pool, involved,
            [.. poolCounts.Select(c => new EqualityAnswerCount(c.Q, c.A, c.N))], [.. involvedCounts.Select(c => new EqualityAnswerCount(c.Q, c.A, c.N))]);
    }
}
