using Grpc.Core;
using Involvement.Reporting.V1;

namespace Involvement.Cli;

/// <summary>
/// The demo trust's targets for this financial year, as a PPI lead would set them: 100 new members, 40 people trained,
/// and Sussex's committee milestones (50 % by the end of Q2, 75 % by the end of Q4, every quality and safety review).
/// A target already set is left as it is, so a second load changes nothing.
/// </summary>
public sealed class DemoTargets(CallInvoker reporting, TextWriter output)
{
    private readonly TargetService.TargetServiceClient _targets = new(reporting);

    public async Task LoadAsync(CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var year = today.Month >= 4 ? today.Year : today.Year - 1;
        var wanted = new (string Metric, int Quarter, double Value)[]
        {
            ("membership.new_members", 0, 100),
            ("training.people_trained", 0, 40),
            ("committees.with_ebe_share", 2, 50),
            ("committees.with_ebe_share", 0, 75),
            ("committees.qs_reviews_with_ebe_share", 0, 100),
        };
        var existing = (await _targets.ListTargetsAsync(new ListTargetsRequest { FinancialYear = year }, cancellationToken: ct)).Targets;
        foreach (var (metric, quarter, value) in wanted.Where(w => !existing.Any(t => t.MetricCode == w.Metric && t.Quarter == w.Quarter)))
        {
            await _targets.SetTargetAsync(new SetTargetRequest
            {
                Target = new Target { MetricCode = metric, FinancialYear = year, Quarter = quarter, Value = value },
            }, cancellationToken: ct);
        }

        output.WriteLine($"targets for {year}/{(year + 1) % 100:00}: 100 new members, 40 people trained, committees with experts by experience 50 % by Q2 and 75 % by Q4");
    }
}
