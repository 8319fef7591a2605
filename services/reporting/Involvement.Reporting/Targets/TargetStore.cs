using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Errors;
using Involvement.Reporting.Periods;
using Involvement.Reporting.V1;

namespace Involvement.Reporting.Targets;

/// <summary>Targets per metric, financial year and quarter, with optimistic concurrency on a version.</summary>
public sealed class TargetStore(Db db)
{
    private const string Columns = "metric, financial_year, quarter, value, baseline, version";

    public Task<Target> SetAsync(Target target, long expectedVersion, CancellationToken cancellationToken) =>
        db.InTransactionAsync(async unit =>
        {
            var args = new
            {
                target.MetricCode,
                target.FinancialYear,
                target.Quarter,
                target.Value,
                Baseline = target.HasBaseline ? target.Baseline : (double?)null,
                expectedVersion,
            };
            var row = expectedVersion == 0
                ? await unit.QuerySingleOrDefaultAsync<TargetRow>(
                    $"""
                    insert into targets ({Columns}) values (@MetricCode, @FinancialYear, @Quarter, @Value, @Baseline, 1)
                    on conflict do nothing returning {Columns}
                    """, args)
                : await unit.QuerySingleOrDefaultAsync<TargetRow>(
                    $"""
                    update targets set value = @Value, baseline = @Baseline, version = version + 1
                    where metric = @MetricCode and financial_year = @FinancialYear and quarter = @Quarter and version = @expectedVersion
                    returning {Columns}
                    """, args);
            if (row is not null)
            {
                return row.ToProto();
            }

            var current = await CurrentVersionAsync(unit, target.MetricCode, target.FinancialYear, target.Quarter);
            throw current switch
            {
                null => new NotFoundException($"No target for {target.MetricCode} in {Describe(target.FinancialYear, target.Quarter)}; send expected_version 0 to create it."),
                _ when expectedVersion == 0 => new ConcurrencyConflictException(
                    $"A target for {target.MetricCode} in {Describe(target.FinancialYear, target.Quarter)} already exists (version {current}); send that version to replace it."),
                _ => new ConcurrencyConflictException(
                    $"The target for {target.MetricCode} in {Describe(target.FinancialYear, target.Quarter)} changed (now version {current}); read it again."),
            };
        }, cancellationToken);

    public Task DeleteAsync(string metric, int financialYear, int quarter, long expectedVersion, CancellationToken cancellationToken) =>
        db.InTransactionAsync(async unit =>
        {
            var deleted = await unit.ExecuteAsync(
                "delete from targets where metric = @metric and financial_year = @financialYear and quarter = @quarter and version = @expectedVersion",
                new { metric, financialYear, quarter, expectedVersion });
            if (deleted == 0)
            {
                var current = await CurrentVersionAsync(unit, metric, financialYear, quarter);
                throw current is null
                    ? new NotFoundException($"No target for {metric} in {Describe(financialYear, quarter)}.")
                    : new ConcurrencyConflictException($"The target for {metric} in {Describe(financialYear, quarter)} changed (now version {current}); read it again.");
            }

            return deleted;
        }, cancellationToken);

    /// <summary>The targets of one year, of the given metrics (every metric when empty), by metric then quarter.</summary>
    public async Task<IReadOnlyList<Target>> ListAsync(int financialYear, IReadOnlyCollection<string> metrics, CancellationToken cancellationToken) =>
        [.. (await db.QueryAsync<TargetRow>(
            $"""
            select {Columns} from targets
            where financial_year = @financialYear and (cardinality(@metrics) = 0 or metric = any(@metrics))
            order by metric, quarter
            """,
            new { financialYear, metrics = metrics.ToArray() },
            cancellationToken)).Select(r => r.ToProto())];

    private static Task<long?> CurrentVersionAsync(UnitOfWork unit, string metric, int financialYear, int quarter) =>
        unit.QuerySingleOrDefaultAsync<long?>(
            "select version from targets where metric = @metric and financial_year = @financialYear and quarter = @quarter",
            new { metric, financialYear, quarter });

    private static string Describe(int financialYear, int quarter) => new ReportingPeriod(financialYear, quarter).ToString();

    private sealed record TargetRow(string Metric, int FinancialYear, int Quarter, double Value, double? Baseline, long Version)
    {
        public Target ToProto() => new()
        {
            MetricCode = Metric,
            FinancialYear = FinancialYear,
            Quarter = Quarter,
            Value = Value,
            Baseline = Baseline ?? 0,
            HasBaseline = Baseline is not null,
            Version = Version,
        };
    }
}
