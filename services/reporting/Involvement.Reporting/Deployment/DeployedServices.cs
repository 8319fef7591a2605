using Involvement.BuildingBlocks.Data;
using Microsoft.Extensions.Options;

namespace Involvement.Reporting.Deployment;

/// <summary>
/// Which source services this installation runs: one reporting has had an event from, and that is not listed in
/// <c>Reporting__NotDeployed</c>. The metrics of any other say "not deployed", never zero.
/// </summary>
public sealed class DeployedServices(IOptions<ReportingOptions> options)
{
    public const string Recruitment = "recruitment";
    public const string Payments = "payments";
    public const string Training = "training";

    public static readonly IReadOnlyList<string> All = [Recruitment, Payments, Training];

    /// <summary>Records, in a consumer's transaction, that a service has published something.</summary>
    public static Task SeenAsync(UnitOfWork unit, string service) =>
        unit.ExecuteAsync(
            "insert into services_seen (service, first_seen_at) values (@service, now()) on conflict do nothing", new { service });

    public async Task<IReadOnlySet<string>> GetAsync(UnitOfWork unit)
    {
        var seen = await unit.QueryAsync<string>("select service from services_seen");
        return seen.Except(options.Value.NotDeployed, StringComparer.Ordinal).ToHashSet(StringComparer.Ordinal);
    }
}
