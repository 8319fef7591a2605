extern alias PaymentsHost;

using Grpc.Core;
using Involvement.BuildingBlocks.Security;
using Involvement.Contracts.Payments;
using Involvement.FunctionalTests.Payments.Runs;
using Involvement.Payments.V1;
using Microsoft.Extensions.DependencyInjection;
using PaymentsHost::Involvement.Payments.Budgets;

namespace Involvement.FunctionalTests.Payments.Budgets;

public sealed class BudgetTests(PaymentsFixture fixture) : IClassFixture<PaymentsFixture>
{
    private const int Year = 2026;
    private static readonly DateTimeOffset InYear = new(2026, 9, 1, 10, 0, 0, TimeSpan.Zero);

    private readonly ClaimSeed _seed = new(fixture.OpenDatabase);

    private BudgetService.BudgetServiceClient Budgets(string role = Roles.Finance) => new(fixture.Calls(role, "finance-officer"));

    private Task<SetBudgetResponse> SetAsync(string costCentre, long pence, long expectedVersion, int year = Year) =>
        Budgets().SetBudgetAsync(new SetBudgetRequest { CostCentre = costCentre, FinancialYear = year, AllocatedPence = pence, ExpectedVersion = expectedVersion })
            .ResponseAsync;

    private async Task<BudgetPosition?> PositionAsync(string costCentre, int year = Year, string role = Roles.Finance) =>
        (await Budgets(role).GetBudgetReportAsync(new GetBudgetReportRequest { FinancialYear = year, CostCentre = costCentre })).Positions.SingleOrDefault();

    private static string CostCentre() => "CC-" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task A_budget_is_created_at_version_0_and_changed_only_at_the_version_last_read()
    {
        var costCentre = CostCentre();

        var created = (await SetAsync(costCentre, 500_000, 0)).Budget;
        var changed = (await SetAsync(costCentre, 650_000, created.Version)).Budget;

        Assert.Equal(1, created.Version);
        Assert.Equal("finance-officer", created.UpdatedBy);
        Assert.Equal((2L, 650_000L), (changed.Version, changed.AllocatedPence));
        await RpcAssert.FailsWith(StatusCode.Aborted, () => SetAsync(costCentre, 1, created.Version));
        await RpcAssert.FailsWith(StatusCode.Aborted, () => SetAsync(costCentre, 1, 0));
        await RpcAssert.FailsWith(StatusCode.NotFound, () => SetAsync(CostCentre(), 1, 4));
        Assert.Equal(650_000, (await PositionAsync(costCentre))!.AllocatedPence);
    }

    [Fact]
    public async Task Setting_or_changing_an_allocation_publishes_BudgetAllocated_with_the_budgets_version_and_a_refused_change_publishes_nothing()
    {
        var allocated = await fixture.ProbeAsync<BudgetAllocated>();
        var costCentre = CostCentre();

        var created = (await SetAsync(costCentre, 500_000, 0)).Budget;
        await SetAsync(costCentre, 650_000, created.Version);
        await RpcAssert.FailsWith(StatusCode.Aborted, () => SetAsync(costCentre, 1, created.Version));
        await fixture.SettledAsync();

        var events = allocated.Received.Where(e => e.CostCentre == costCentre).OrderBy(e => e.AggregateVersion).ToList();
        Assert.Equal([(1L, 500_000L), (2L, 650_000L)], events.Select(e => (e.AggregateVersion, e.AllocatedPence)));
        Assert.All(events, e =>
        {
            Assert.Equal(Year, e.FinancialYear);
            Assert.Empty(Involvement.BuildingBlocks.Messaging.EventContract.Problems(e));
        });
    }

    [Fact]
    public async Task The_report_counts_approved_in_run_and_held_as_committed_and_confirmed_runs_as_paid_in_the_lines_financial_year()
    {
        var costCentre = CostCentre();
        await SetAsync(costCentre, 100_000, 0);
        var onDay = DateOnly.FromDateTime(InYear.UtcDateTime);
        var approved = await _seed.ClaimAsync(costCentre: costCentre, incurredOn: onDay, mileagePence: 1_000, parkingPence: 0);
        await _seed.ClaimAsync(costCentre: costCentre, incurredOn: onDay, mileagePence: 2_000, parkingPence: 0, bookedPence: 7_000);
        await _seed.ClaimAsync(costCentre: costCentre, incurredOn: onDay, state: "submitted", mileagePence: 40_000, parkingPence: 0);
        await _seed.ClaimAsync(costCentre: costCentre, incurredOn: new DateOnly(2026, 3, 31), mileagePence: 30_000, parkingPence: 0);   // 2025/26
        await _seed.HeldFeeAsync(costCentre, onDay, 4_000);

        var before = (await PositionAsync(costCentre))!;
        // approved 1,000 + approved 2,000 with 7,000 the trust booked + held 4,000; not the submitted claim, nor last year's
        Assert.Equal((100_000L, 14_000L, 0L, 86_000L, 14), (before.AllocatedPence, before.CommittedPence, before.PaidPence, before.RemainingPence, before.UsedPercent));
        Assert.True(before.BudgetSet);

        var runs = new PaymentRunService.PaymentRunServiceClient(fixture.Calls(Roles.Finance));
        var run = (await runs.OpenPaymentRunAsync(new OpenPaymentRunRequest { IdempotencyKey = Guid.NewGuid().ToString(), Method = PaymentRunMethod.Vouchers })).Run;
        Assert.Equal(14_000, (await PositionAsync(costCentre))!.CommittedPence);   // in a run: still committed
        await runs.ConfirmPaymentRunAsync(new ConfirmPaymentRunRequest { PaymentRunId = run.PaymentRunId });

        var after = (await PositionAsync(costCentre))!;
        Assert.Equal((4_000L, 10_000L), (after.CommittedPence, after.PaidPence));
        Assert.Equal("paid", await _seed.StateAsync(approved.ClaimId));
        Assert.Equal(30_000, (await PositionAsync(costCentre, 2025))!.PaidPence);
    }

    [Fact]
    public async Task A_cost_centre_is_one_budget_whatever_spaces_surround_it_and_a_stale_version_is_aborted_naming_the_budget()
    {
        var costCentre = CostCentre();
        var created = (await SetAsync($"  {costCentre} ", 1_000, 0)).Budget;

        Assert.Equal(costCentre, created.CostCentre);
        Assert.Equal(1_000, (await PositionAsync($" {costCentre}"))!.AllocatedPence);
        var stale = await RpcAssert.FailsWith(StatusCode.Aborted, () => SetAsync(costCentre, 2_000, created.Version + 1));
        Assert.Contains($"The budget of {costCentre} for {Year}/", stale.Status.Detail, StringComparison.Ordinal);
        await RpcAssert.InvalidFields(() => SetAsync(costCentre, 2_000, -1), "expected_version");
    }

    [Fact]
    public async Task Spending_without_a_budget_shows_with_nothing_allocated_and_no_warnings()
    {
        var costCentre = CostCentre();
        await _seed.HeldFeeAsync(costCentre, DateOnly.FromDateTime(InYear.UtcDateTime), 2_500);

        var position = (await PositionAsync(costCentre))!;

        Assert.False(position.BudgetSet);
        Assert.Equal((0L, 2_500L, -2_500L, 0), (position.AllocatedPence, position.CommittedPence, position.RemainingPence, position.UsedPercent));
        Assert.Empty(position.WarningPercentsReached);
    }

    [Fact]
    public async Task Each_warning_share_is_published_once_per_budget_when_spending_reaches_it()
    {
        var reached = await fixture.ProbeAsync<BudgetThresholdReached>();
        var costCentre = CostCentre();
        await _seed.HeldFeeAsync(costCentre, DateOnly.FromDateTime(InYear.UtcDateTime), 8_500);

        var under = await SetAsync(costCentre, 20_000, 0);
        var eighty = await SetAsync(costCentre, 10_000, under.Budget.Version);
        var stillEighty = await SetAsync(costCentre, 9_000, eighty.Budget.Version);
        var hundred = await SetAsync(costCentre, 8_000, stillEighty.Budget.Version);
        var again = await SetAsync(costCentre, 7_000, hundred.Budget.Version);
        await fixture.SettledAsync();

        Assert.Empty(under.WarningPercentsReached);
        Assert.Equal([80], eighty.WarningPercentsReached);
        Assert.Equal([80], stillEighty.WarningPercentsReached);
        Assert.Equal([80, 100], hundred.WarningPercentsReached);
        Assert.Equal([80, 100], again.WarningPercentsReached);
        var events = reached.Received.Where(e => e.CostCentre == costCentre).OrderBy(e => e.Percent).ToList();
        Assert.Equal([80, 100], events.Select(e => e.Percent));
        Assert.All(events, e => Assert.Equal(Year, e.FinancialYear));
        Assert.Equal((10_000L, 8_500L, 0L), (events[0].AllocatedPence, events[0].CommittedPence, events[0].PaidPence));
        Assert.Equal(8_000, events[1].AllocatedPence);
        Assert.Equal([80, 100], (await PositionAsync(costCentre))!.WarningPercentsReached);
    }

    [Fact]
    public async Task Fee_lines_held_after_the_budget_was_set_are_noticed_by_the_scheduled_check_once()
    {
        var reached = await fixture.ProbeAsync<BudgetThresholdReached>();
        var costCentre = CostCentre();
        var year = Involvement.BuildingBlocks.Time.FinancialYear.Of(DateOnly.FromDateTime(DateTime.UtcNow)).StartYear;
        await SetAsync(costCentre, 10_000, 0, year);
        await _seed.HeldFeeAsync(costCentre, DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-1)), 8_200);   // as attendance would hold it
        var check = fixture.Services.GetRequiredService<BudgetCheckSchedule>();

        await check.CheckAsync(CancellationToken.None);
        await check.CheckAsync(CancellationToken.None);
        await fixture.SettledAsync();

        var reachedHere = reached.Received.Where(e => e.CostCentre == costCentre).ToList();
        Assert.Equal(80, Assert.Single(reachedHere).Percent);
        Assert.Equal(8_200, reachedHere[0].CommittedPence);
    }

    [Fact]
    public async Task The_report_defaults_to_the_current_financial_year_and_lists_the_configured_shares()
    {
        var report = await Budgets(Roles.ReportingConsumer).GetBudgetReportAsync(new GetBudgetReportRequest());

        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        Assert.Equal(today.Month >= 4 ? today.Year : today.Year - 1, report.FinancialYear);
        Assert.Equal([80, 100], report.WarningPercents);
    }

    [Theory]
    [InlineData(Roles.PpiTeam)]
    [InlineData(Roles.ReportingConsumer)]
    [InlineData(Roles.Member)]
    public async Task Only_finance_sets_budgets(string role)
    {
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => Budgets(role).SetBudgetAsync(new SetBudgetRequest
        {
            CostCentre = CostCentre(), FinancialYear = Year, AllocatedPence = 1,
        }).ResponseAsync);
    }

    [Fact]
    public async Task Members_cannot_read_the_report_and_the_ppi_team_can()
    {
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => Budgets(Roles.Member).GetBudgetReportAsync(new GetBudgetReportRequest()).ResponseAsync);
        Assert.NotNull(await Budgets(Roles.PpiTeam).GetBudgetReportAsync(new GetBudgetReportRequest { FinancialYear = Year }));
    }

    [Fact]
    public async Task Bad_input_names_each_field()
    {
        await RpcAssert.InvalidFields(() => Budgets().SetBudgetAsync(new SetBudgetRequest
        {
            CostCentre = " ", FinancialYear = 1999, AllocatedPence = -1, ExpectedVersion = -1,
        }).ResponseAsync, "cost_centre", "financial_year", "allocated_pence", "expected_version");
        await RpcAssert.InvalidFields(() => Budgets().SetBudgetAsync(new SetBudgetRequest
        {
            CostCentre = "PPI-HUGE", FinancialYear = 2026, AllocatedPence = long.MaxValue,
        }).ResponseAsync, "allocated_pence");
        await RpcAssert.InvalidFields(() => Budgets().GetBudgetReportAsync(new GetBudgetReportRequest
        {
            FinancialYear = 3000, CostCentre = "a\nb",
        }).ResponseAsync, "financial_year", "cost_centre");
    }
}
