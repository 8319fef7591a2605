using Grpc.Core;
using Involvement.BuildingBlocks.Security;
using Involvement.Contracts.Training;
using Involvement.Reporting.V1;
using Involvement.TestKit;

namespace Involvement.FunctionalTests.Reporting;

// FY 2013 and 2016 are this class's own.
[Collection(SubscriptionsCollection.Name)]
public sealed class WatchMetricsTests(SubscriptionsFixture fixture)
{
    private static readonly string[] Watched = [TestSessionsFamily.SessionsHeld, TestSessionsFamily.MembersAttended, TestSessionsFamily.PeopleInPool];

    [Fact]
    public async Task Sends_the_current_figures_then_a_change_within_a_second_of_the_read_model_changing()
    {
        var sessions = await fixture.ProbeAsync<TrainingSessionHeld>();
        await sessions.PublishAsync(SubscriptionsFixture.Session(new DateOnly(2013, 5, 1), "watch-module", members: 12));
        await fixture.WaitForTotalAsync(TestSessionsFamily.MembersAttended, 2013, 1, "12");

        using var call = Watch(2013, 1, resumeAfter: 0);
        var first = await ReadUntilCaughtUpAsync(call);
        Assert.Equal("12", Total(first, TestSessionsFamily.MembersAttended)!.Value);
        Assert.Equal(Watched.Order(), first.Where(f => f.CareGroup == "" && f.Category == "").Select(f => f.MetricCode).Order());
        Assert.All(first, f => Assert.Equal(new Period { FinancialYear = 2013, Quarter = 1 }, f.Period));

        var session = SubscriptionsFixture.Session(new DateOnly(2013, 6, 1), "watch-module", members: 9);
        await sessions.PublishAsync(session);
        await Eventually.TrueAsync(async () => await SessionStoredAsync(session.SessionId), what: "the consumer to apply the session");

        // From here the refresher and the feed have one second between them to deliver the new figure.
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        var update = await NextWithAsync(call, f => f.MetricCode == TestSessionsFamily.MembersAttended && f.Value == "21", deadline.Token);
        Assert.False(update.CaughtUp);
        Assert.Equal(update.Figures.Max(f => f.Sequence), update.Sequence);
        Assert.DoesNotContain(update.Figures, f => f.MetricCode == TestSessionsFamily.PeopleInPool);   // unchanged: not sent again
    }

    [Fact]
    public async Task A_client_resuming_after_its_last_sequence_gets_what_changed_meanwhile_and_nothing_it_had()
    {
        var sessions = await fixture.ProbeAsync<TrainingSessionHeld>();
        await sessions.PublishAsync(SubscriptionsFixture.Session(new DateOnly(2016, 4, 10), "resume-a", members: 10));
        await fixture.WaitForTotalAsync(TestSessionsFamily.MembersAttended, 2016, 1, "10");

        long last;
        using (var call = Watch(2016, 1, resumeAfter: 0))
        {
            var first = await ReadUntilCaughtUpAsync(call);
            last = first.Max(f => f.Sequence);
        }

        // While disconnected: a second module's session changes the sessions held and members attending.
        await sessions.PublishAsync(SubscriptionsFixture.Session(new DateOnly(2016, 5, 10), "resume-b", members: 10));
        await fixture.WaitForTotalAsync(TestSessionsFamily.MembersAttended, 2016, 1, "20");

        using var resumed = Watch(2016, 1, resumeAfter: last);
        var missed = await ReadUntilCaughtUpAsync(resumed);
        Assert.All(missed, f => Assert.True(f.Sequence > last));
        Assert.Equal("20", Total(missed, TestSessionsFamily.MembersAttended)!.Value);
        Assert.Contains(missed, f => f.MetricCode == TestSessionsFamily.SessionsHeld && f.Category == "resume-b");
        Assert.DoesNotContain(missed, f => f.MetricCode == TestSessionsFamily.PeopleInPool);    // unchanged since
        Assert.DoesNotContain(missed, f => f.Category == "resume-a");                          // had it already

        // Nothing changed after resuming from the latest: the answer is just "caught up".
        var latest = missed.Max(f => f.Sequence);
        using var again = Watch(2016, 1, resumeAfter: latest);
        Assert.True(await again.ResponseStream.MoveNext(CancellationToken.None));
        Assert.True(again.ResponseStream.Current.CaughtUp);
        Assert.Empty(again.ResponseStream.Current.Figures);
        Assert.Equal(latest, again.ResponseStream.Current.Sequence);
    }

    [Fact]
    public async Task An_invalid_watch_is_refused_like_GetMetrics_and_needs_a_reporting_role()
    {
        await RpcAssert.InvalidFields(async () =>
        {
            using var call = fixture.Metrics().WatchMetrics(new WatchMetricsRequest
            {
                MetricCodes = { "no.such_metric" }, Period = new Period { FinancialYear = 2013, Quarter = 7 }, ResumeAfter = -1,
            });
            await call.ResponseStream.MoveNext(CancellationToken.None);
        }, "metric_codes[0]", "period.quarter", "resume_after");
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, async () =>
        {
            using var call = fixture.Metrics(Roles.Member).WatchMetrics(new WatchMetricsRequest());
            await call.ResponseStream.MoveNext(CancellationToken.None);
        });
    }

    private AsyncServerStreamingCall<MetricUpdate> Watch(int year, int quarter, long resumeAfter) =>
        fixture.Metrics().WatchMetrics(new WatchMetricsRequest
        {
            MetricCodes = { Watched },
            Period = new Period { FinancialYear = year, Quarter = quarter },
            ResumeAfter = resumeAfter,
        });

    private static async Task<List<Figure>> ReadUntilCaughtUpAsync(AsyncServerStreamingCall<MetricUpdate> call)
    {
        using var timeout = new CancellationTokenSource(Eventually.DefaultTimeout);
        var figures = new List<Figure>();
        while (await call.ResponseStream.MoveNext(timeout.Token))
        {
            figures.AddRange(call.ResponseStream.Current.Figures);
            if (call.ResponseStream.Current.CaughtUp)
            {
                return figures;
            }
        }

        throw new InvalidOperationException("The stream ended before it caught up.");
    }

    private static async Task<MetricUpdate> NextWithAsync(AsyncServerStreamingCall<MetricUpdate> call, Func<Figure, bool> match, CancellationToken deadline)
    {
        while (await call.ResponseStream.MoveNext(deadline))
        {
            if (call.ResponseStream.Current.Figures.Any(match))
            {
                return call.ResponseStream.Current;
            }
        }

        throw new InvalidOperationException("The stream ended without the change.");
    }

    private static Figure? Total(IEnumerable<Figure> figures, string metric) =>
        figures.LastOrDefault(f => f.MetricCode == metric && f.CareGroup == "" && f.Category == "");

    private async Task<bool> SessionStoredAsync(Guid sessionId)
    {
        await using var db = fixture.OpenDatabase();
        return await Dapper.SqlMapper.ExecuteScalarAsync<bool>(db, "select exists (select 1 from test_sessions where session_id = @sessionId)", new { sessionId });
    }
}
