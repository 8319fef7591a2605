using Grpc.Core;
using Involvement.BuildingBlocks.Security;
using Involvement.Reporting.V1;
using Involvement.TestKit;

namespace Involvement.FunctionalTests.Reporting;

// Targets in FY 2012 and FY 2020 are this class's own.
[Collection(SubscriptionsCollection.Name)]
public sealed class TargetsTests(SubscriptionsFixture fixture)
{
    [Fact]
    public async Task A_target_is_created_replaced_listed_and_deleted_with_versions()
    {
        var targets = fixture.Targets();
        var created = await targets.SetTargetAsync(new SetTargetRequest
        {
            Target = new Target { MetricCode = TestSessionsFamily.PeopleInPool, FinancialYear = 2020, Quarter = 0, Value = 100, Baseline = 40, HasBaseline = true },
        });
        Assert.Equal(1, created.Version);
        Assert.True(created.HasBaseline);

        // Creating it again, or replacing it from a stale read, is refused: the caller reads again.
        await RpcAssert.FailsWith(StatusCode.Aborted, () => targets.SetTargetAsync(new SetTargetRequest { Target = created }).ResponseAsync);
        var replaced = await targets.SetTargetAsync(new SetTargetRequest { Target = new Target(created) { Value = 120 }, ExpectedVersion = 1 });
        Assert.Equal(2, replaced.Version);
        Assert.Equal(120, replaced.Value);
        await RpcAssert.FailsWith(StatusCode.Aborted,
            () => targets.SetTargetAsync(new SetTargetRequest { Target = new Target(created) { Value = 130 }, ExpectedVersion = 1 }).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.NotFound,
            () => targets.SetTargetAsync(new SetTargetRequest { Target = new Target(created) { Quarter = 3 }, ExpectedVersion = 1 }).ResponseAsync);

        var milestone = await targets.SetTargetAsync(new SetTargetRequest
        {
            Target = new Target { MetricCode = TestSessionsFamily.PeopleInPool, FinancialYear = 2020, Quarter = 2, Value = 70, Baseline = 40, HasBaseline = true },
        });
        var listed = await fixture.Targets(Roles.ReportingConsumer).ListTargetsAsync(new ListTargetsRequest { FinancialYear = 2020, MetricCode = TestSessionsFamily.PeopleInPool });
        Assert.Equal([0, 2], listed.Targets.Select(t => t.Quarter));
        Assert.Equal(replaced, listed.Targets[0]);
        Assert.Empty((await targets.ListTargetsAsync(new ListTargetsRequest { FinancialYear = 2021 })).Targets);

        await RpcAssert.FailsWith(StatusCode.Aborted, () => targets.DeleteTargetAsync(new DeleteTargetRequest
        {
            MetricCode = TestSessionsFamily.PeopleInPool, FinancialYear = 2020, Quarter = 0, ExpectedVersion = 1,
        }).ResponseAsync);
        await targets.DeleteTargetAsync(new DeleteTargetRequest { MetricCode = TestSessionsFamily.PeopleInPool, FinancialYear = 2020, Quarter = 0, ExpectedVersion = 2 });
        await targets.DeleteTargetAsync(new DeleteTargetRequest { MetricCode = TestSessionsFamily.PeopleInPool, FinancialYear = 2020, Quarter = 2, ExpectedVersion = milestone.Version });
        Assert.Empty((await targets.ListTargetsAsync(new ListTargetsRequest { FinancialYear = 2020 })).Targets);
        await RpcAssert.FailsWith(StatusCode.NotFound, () => targets.DeleteTargetAsync(new DeleteTargetRequest
        {
            MetricCode = TestSessionsFamily.PeopleInPool, FinancialYear = 2020, Quarter = 0, ExpectedVersion = 2,
        }).ResponseAsync);
    }

    [Fact]
    public async Task Invalid_targets_name_each_field()
    {
        var targets = fixture.Targets();
        await RpcAssert.InvalidFields(
            () => targets.SetTargetAsync(new SetTargetRequest
            {
                Target = new Target { MetricCode = "no.such_metric", FinancialYear = 1999, Quarter = 5, Value = double.NaN },
                ExpectedVersion = -1,
            }).ResponseAsync,
            "target.metric_code", "target.financial_year", "target.quarter", "target.value", "expected_version");
        await RpcAssert.InvalidFields(
            () => targets.SetTargetAsync(new SetTargetRequest
            {
                Target = new Target { MetricCode = TestSessionsFamily.MembersAttended, FinancialYear = 2020, Value = double.PositiveInfinity, Baseline = 3, HasBaseline = true },
            }).ResponseAsync,
            "target.value", "target.baseline");   // a flow has no baseline
        await RpcAssert.InvalidFields(() => targets.SetTargetAsync(new SetTargetRequest()).ResponseAsync, "target");
        await RpcAssert.InvalidFields(() => targets.ListTargetsAsync(new ListTargetsRequest { FinancialYear = 0, MetricCode = "nope" }).ResponseAsync,
            "financial_year", "metric_code");
        await RpcAssert.InvalidFields(() => targets.DeleteTargetAsync(new DeleteTargetRequest { MetricCode = TestSessionsFamily.PeopleInPool, FinancialYear = 2020 }).ResponseAsync,
            "expected_version");
    }

    [Fact]
    public async Task Only_the_ppi_team_sets_targets()
    {
        var request = new SetTargetRequest { Target = new Target { MetricCode = TestSessionsFamily.PeopleInPool, FinancialYear = 2021, Value = 1 } };
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => fixture.Targets(Roles.ReportingConsumer).SetTargetAsync(request).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => fixture.Targets(Roles.Member).ListTargetsAsync(new ListTargetsRequest { FinancialYear = 2021 }).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => fixture.Targets(Roles.ReportingConsumer).DeleteTargetAsync(new DeleteTargetRequest
        {
            MetricCode = TestSessionsFamily.PeopleInPool, FinancialYear = 2021, ExpectedVersion = 1,
        }).ResponseAsync);
    }

    [Fact]
    public async Task GetMetrics_shows_progress_on_the_whole_trust_figure_for_flows_and_positions()
    {
        // FY 2012 (365 days). Members attending: 30 in Q1, 20 in Q2, 70 in Q3; target 80 for the year.
        var sessions = await fixture.ProbeAsync<Contracts.Training.TrainingSessionHeld>();
        await sessions.PublishAsync(SubscriptionsFixture.Session(new DateOnly(2012, 5, 1), "targets-module", members: 30));
        await sessions.PublishAsync(SubscriptionsFixture.Session(new DateOnly(2012, 8, 1), "targets-module", members: 20));
        await sessions.PublishAsync(SubscriptionsFixture.Session(new DateOnly(2012, 11, 1), "targets-module", members: 70));
        // People in the pool: three registered in Q1, aiming from a baseline of 0 to 20 by the year's end.
        foreach (var _ in Enumerable.Range(0, 3))
        {
            var m = Events.MemberRegistered();
            await fixture.MemberEvents.PublishAsync(m with { RegisteredAt = new DateTimeOffset(2012, 6, 1, 12, 0, 0, TimeSpan.Zero), CareGroup = null });
        }

        await fixture.Targets().SetTargetAsync(new SetTargetRequest { Target = new Target { MetricCode = TestSessionsFamily.MembersAttended, FinancialYear = 2012, Value = 80 } });
        await fixture.Targets().SetTargetAsync(new SetTargetRequest
        {
            Target = new Target { MetricCode = TestSessionsFamily.PeopleInPool, FinancialYear = 2012, Value = 20, Baseline = 0, HasBaseline = true },
        });
        await fixture.WaitForTotalAsync(TestSessionsFamily.MembersAttended, 2012, 0, "120");
        await fixture.WaitForTotalAsync(TestSessionsFamily.PeopleInPool, 2012, 2, "3");

        var q2 = await ProgressAsync(2012, 2);
        var attended = q2[TestSessionsFamily.MembersAttended];
        Assert.Equal(50, attended.Actual);                         // year to date: Q1 + Q2
        Assert.Equal(80.0 * 183 / 365, attended.ExpectedByNow, 6);
        Assert.Equal("on_track", attended.Status);
        Assert.Equal(62.5, attended.ProgressPercent, 6);
        var pool = q2[TestSessionsFamily.PeopleInPool];
        Assert.Equal(3, pool.Actual);                              // a position: the figure at the end of Q2
        Assert.Equal(20.0 * 183 / 365, pool.ExpectedByNow, 6);
        Assert.Equal("behind", pool.Status);
        Assert.Equal(1, pool.Target.Version);

        var year = await ProgressAsync(2012, 0);
        Assert.Equal("met", year[TestSessionsFamily.MembersAttended].Status);
        Assert.Equal(120, year[TestSessionsFamily.MembersAttended].Actual);
        Assert.False(year.ContainsKey(TestSessionsFamily.SessionsHeld));   // no target: unset
    }

    private async Task<IReadOnlyDictionary<string, TargetProgress>> ProgressAsync(int year, int quarter)
    {
        var response = await fixture.Metrics().GetMetricsAsync(new GetMetricsRequest { Period = new Period { FinancialYear = year, Quarter = quarter } });
        return response.Metrics.Where(m => m.Target is not null).ToDictionary(m => m.Definition.Code, m => m.Target);
    }
}
