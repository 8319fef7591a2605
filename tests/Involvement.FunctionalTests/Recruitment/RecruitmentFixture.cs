using Involvement.BuildingBlocks.Security;
using Involvement.Recruitment;
using Involvement.Recruitment.V1;

namespace Involvement.FunctionalTests.Recruitment;

public sealed class RecruitmentFixture : ServiceFixture<RecruitmentApi>
{
    protected override string ServiceName => "recruitment";

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
}
