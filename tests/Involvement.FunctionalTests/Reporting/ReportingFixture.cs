extern alias ReportingHost;

using Involvement.BuildingBlocks.Security;
using ReportingHost::Involvement.Reporting;
using Involvement.Reporting.V1;

namespace Involvement.FunctionalTests.Reporting;

public sealed class ReportingFixture : ServiceFixture<ReportingApi>
{
    protected override string ServiceName => "reporting";

    public ReportingService.ReportingServiceClient Client(string? role = Roles.ReportingConsumer) => new(Calls(role));

    public async Task<GetMembershipSummaryResponse> SummaryAsync() =>
        await Client().GetMembershipSummaryAsync(new GetMembershipSummaryRequest());
}
