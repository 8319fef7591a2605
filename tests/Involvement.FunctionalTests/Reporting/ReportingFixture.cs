using Involvement.BuildingBlocks.Security;
using Involvement.Contracts.Recruitment;
using Involvement.Reporting;
using Involvement.Reporting.V1;
using Involvement.TestKit;

namespace Involvement.FunctionalTests.Reporting;

public sealed class ReportingFixture : ServiceFixture<ReportingApi>
{
    protected override string ServiceName => "reporting";

    public EventProbe<MemberRegistered> Recruitment { get; private set; } = null!;

    public ReportingService.ReportingServiceClient Client(string? role = Roles.ReportingConsumer) => new(Calls(role));

    public async Task<GetMembershipSummaryResponse> SummaryAsync() =>
        await Client().GetMembershipSummaryAsync(new GetMembershipSummaryRequest());

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Recruitment = await EventProbe.StartAsync<MemberRegistered>(VirtualHost.Name);
    }

    public override async Task DisposeAsync()
    {
        await Recruitment.DisposeAsync();
        await base.DisposeAsync();
    }
}
