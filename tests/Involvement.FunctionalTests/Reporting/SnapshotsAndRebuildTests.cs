extern alias ReportingHost;

using Dapper;
using Involvement.Contracts.Reporting;
using Involvement.Contracts.Training;
using Involvement.Reporting.V1;
using Involvement.TestKit;
using Microsoft.Extensions.DependencyInjection;
using ReportingHost::Involvement.Reporting.Metrics;
using ReportingHost::Involvement.Reporting.Periods;
using ReportingHost::Involvement.Reporting.Rebuild;
using ReportingHost::Involvement.Reporting.Snapshots;

namespace Involvement.FunctionalTests.Reporting;

// FY 2014 and 2015 are this class's own.
[Collection(SubscriptionsCollection.Name)]
public sealed class SnapshotsAndRebuildTests(SubscriptionsFixture fixture)
{
    [Fact]
    public async Task Snapshots_carry_the_published_figures_on_a_schedule_once_per_interval_and_once_per_quarter_end()
    {
        var snapshots = await fixture.ProbeAsync<MetricsSnapshotPublished>();
        var sessions = await fixture.ProbeAsync<TrainingSessionHeld>();
        await sessions.PublishAsync(SubscriptionsFixture.Session(new DateOnly(2014, 5, 1), "snapshot-module", members: 40));
        await fixture.WaitForTotalAsync(TestSessionsFamily.MembersAttended, 2014, 1, "40");
        await EveryFamilyCaughtUpAsync(new DateOnly(2014, 4, 1));

        var requested = ActivatorUtilities.CreateInstance<MetricsSnapshots>(fixture.Services);
        await requested.PublishRequestedAsync(new ReportingPeriod(2014, 1), CancellationToken.None);
        var snapshot = await snapshots.WaitForAsync(s => s.Reason == "requested" && s.FinancialYear == 2014 && s.Quarter == 1);
        var published = await fixture.FiguresAsync(2014, 1);
        Assert.Equal(
            published.Select(f => (f.MetricCode, f.CareGroup, f.Category, f.Value)).Order(),
            snapshot.Figures.Select(f => (f.MetricCode, f.CareGroup, f.Category, f.Value)).Order());
        Assert.Contains(snapshot.Figures, f => f is { MetricCode: TestSessionsFamily.SessionsHeld, Category: "snapshot-module", Value: "*", Status: "suppressed" });

        // Scheduled every 2 s here, for the current quarter; several replicas racing send each interval once.
        var today = ReportingPeriod.QuarterOf(Involvement.BuildingBlocks.Time.UkTime.DateOf(DateTimeOffset.UtcNow));
        var scheduled = await snapshots.WaitForAsync(s => s.Reason == "scheduled");
        Assert.Equal((today.FinancialYear, today.Quarter), (scheduled.FinancialYear, scheduled.Quarter));
        var replicas = Enumerable.Range(0, 4).Select(_ => ActivatorUtilities.CreateInstance<MetricsSnapshots>(fixture.Services)).ToList();
        await Task.WhenAll(replicas.Select(r => r.RoundAsync(CancellationToken.None)));
        await fixture.SettledAsync();
        await using var db = fixture.OpenDatabase();
        var rows = (await db.QueryAsync<(string Reason, int Year, int Quarter)>("select reason, financial_year, quarter from metric_snapshots")).ToList();
        var sent = (await db.QueryAsync<string>(
            "select payload->>'reason' from outbox_messages where message_type = @type", new { type = typeof(MetricsSnapshotPublished).FullName })).ToList();
        Assert.Equal(rows.Count, sent.Count);                                        // one event per claimed slot, however many rounds ran
        Assert.Single(rows, r => r.Reason == "quarter_end");                         // the quarter that ended before the service started
        var ended = today.PreviousQuarter();
        Assert.Contains(rows, r => r == ("quarter_end", ended.FinancialYear, ended.Quarter));
        Assert.Single(sent, r => r == "quarter_end");
    }

    [Fact]
    public async Task A_rebuild_from_the_journal_gives_the_same_figures_and_the_journal_holds_no_personal_data()
    {
        var sessions = await fixture.ProbeAsync<TrainingSessionHeld>();
        var first = SubscriptionsFixture.Session(new DateOnly(2015, 4, 20), "rebuild-a", members: 25);
        await sessions.PublishAsync(first);
        await sessions.PublishAsync(first with { EventId = Guid.CreateVersion7(), AggregateVersion = 2, MembersAttended = 30 });   // a correction
        await sessions.PublishAsync(first);                                                                                        // a repeat
        await sessions.PublishAsync(SubscriptionsFixture.Session(new DateOnly(2015, 10, 20), "rebuild-b", members: 15));
        foreach (var i in Enumerable.Range(0, 9))
        {
            await fixture.MemberEvents.PublishAsync(Events.MemberRegistered(displayName: "Zebedee Quill") with
            {
                RegisteredAt = new DateTimeOffset(2015, 7, 1 + i, 10, 0, 0, TimeSpan.Zero),
                CareGroup = "Rebuild care group",
                Locality = "Zedtown",
            });
        }

        await fixture.WaitForTotalAsync(TestSessionsFamily.MembersAttended, 2015, 0, "45");
        await fixture.WaitForTotalAsync(TestSessionsFamily.PeopleRegistered, 2015, 2, "9");
        await EveryFamilyCaughtUpAsync(new DateOnly(2015, 4, 1));
        var before = await AllFiguresAsync(2015);

        await using (var db = fixture.OpenDatabase())
        {
            Assert.Equal(0, await db.ExecuteScalarAsync<long>(
                "select count(*) from event_journal where payload::text like '%Zebedee%' or payload::text like '%Zedtown%'"));
            Assert.True(await db.ExecuteScalarAsync<long>(
                "select count(*) from event_journal where payload->>'careGroup' = 'Rebuild care group'") == 9);

            // The read models and the year's figures are lost (while no refresh runs, as the rebuild itself waits for one).
            await using var lost = await db.BeginTransactionAsync();
            await db.ExecuteAsync("select pg_advisory_xact_lock(x'5245504f52540001'::bigint)", transaction: lost);
            await db.ExecuteAsync("truncate test_sessions, test_members; delete from metric_values where financial_year = 2015", transaction: lost);
            await lost.CommitAsync();
        }

        Assert.Null(await fixture.TotalAsync(TestSessionsFamily.MembersAttended, 2015, 0));

        var result = await fixture.Services.GetRequiredService<ReadModelRebuild>().RunAsync(CancellationToken.None);
        Assert.Contains("test_sessions", result.Tables);
        Assert.Contains("test_members", result.Tables);
        // The rebuild recomputes every family for 2015; compare the metrics the events had moved before.
        var moved = before.Select(f => f.Item1).ToHashSet();
        Assert.Equal(before, (await AllFiguresAsync(2015)).Where(f => moved.Contains(f.Item1)).ToList());
    }

    private async Task<List<(string, int, string, string, FigureStatus, string)>> AllFiguresAsync(int year)
    {
        var all = new List<(string, int, string, string, FigureStatus, string)>();
        foreach (var quarter in Enumerable.Range(0, 5))
        {
            all.AddRange((await fixture.FiguresAsync(year, quarter)).Select(f => (f.MetricCode, quarter, f.CareGroup, f.Category, f.Status, f.Value)));
        }

        return [.. all.Order()];
    }

    /// <summary>
    /// The real families' consumers (queues other than the test family's) may still be taking the events: wait for
    /// reporting's queues to empty and compute once more, so what the test reads holds every family's figures.
    /// </summary>
    private async Task EveryFamilyCaughtUpAsync(DateOnly from)
    {
        await Eventually.TrueAsync(async () => await fixture.VirtualHost.QueueDepthAsync("reporting-member-registered") == 0
            && await fixture.VirtualHost.QueueDepthAsync("reporting-training-session-held") == 0, what: "reporting's queues to empty");
        await fixture.Services.GetRequiredService<MetricsRefresher>().RecomputeAllAsync(from, CancellationToken.None);
    }
}
