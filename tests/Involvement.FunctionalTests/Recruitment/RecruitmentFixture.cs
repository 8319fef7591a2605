using Involvement.BuildingBlocks.Security;
using Involvement.Contracts.Recruitment;
using Involvement.Recruitment;
using Involvement.Recruitment.V1;
using Involvement.TestKit;

namespace Involvement.FunctionalTests.Recruitment;

public sealed class RecruitmentFixture : ServiceFixture<RecruitmentApi>
{
    protected override string ServiceName => "recruitment";

    /// <summary>Every MemberRegistered the service publishes in this fixture's virtual host.</summary>
    public EventProbe<MemberRegistered> Registered { get; private set; } = null!;

    public RecruitmentService.RecruitmentServiceClient Client(string? role = Roles.PpiTeam, string subject = "test-user") =>
        new(Calls(role, subject));

    public static RegisterMemberRequest ValidRequest(string? key = null) => new()
    {
        IdempotencyKey = key ?? Guid.NewGuid().ToString(),
        GivenName = "Amara",
        FamilyName = "Okafor-" + Guid.NewGuid().ToString("N")[..8],
        LivedExperienceType = LivedExperienceType.ServiceUser,
        InvolvementLevel = InvolvementLevel.InformedDecisions,
        Email = "amara@example.org",
        Phone = "01632 960001",
        ConsentToHoldData = true,
    };

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Registered = await EventProbe.StartAsync<MemberRegistered>(VirtualHost.Name);
    }

    public override async Task DisposeAsync()
    {
        await Registered.DisposeAsync();
        await base.DisposeAsync();
    }
}
