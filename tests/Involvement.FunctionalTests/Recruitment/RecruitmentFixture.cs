using Involvement.BuildingBlocks.Security;
using Involvement.Recruitment;
using Involvement.Recruitment.V1;

namespace Involvement.FunctionalTests.Recruitment;

public sealed class RecruitmentFixture : ServiceFixture<MemberApi>
{
    protected override string ServiceName => "recruitment";

    public MemberService.MemberServiceClient Client(string? role = Roles.PpiTeam, string subject = "test-user") =>
        new(Calls(role, subject));

    public static RegisterMemberRequest ValidRequest(string? key = null) => new()
    {
        IdempotencyKey = key ?? Guid.NewGuid().ToString(),
        GivenName = "Amara",
        FamilyName = "Okafor-" + Guid.NewGuid().ToString("N")[..8],
        LivedExperienceType = LivedExperienceType.ServiceUser,
        InvolvementLevel = InvolvementLevel.InformedDecisions,
        ConsentToHoldData = true,
        Details = new MemberDetails
        {
            Contact = new ContactDetails { Email = "amara@example.org", Phone = "01632 960001" },
            Communication = new CommunicationPreferences { InvitationChannels = { ContactChannel.Email }, Formats = { AccessibleFormat.LargePrint } },
            ReasonableAdjustments = { "No meetings before 10:00" },
            ServicesUsed = { new ServiceUsed { Service = "Memory clinic", LastUsed = new Google.Type.Date { Year = 2026, Month = 3, Day = 14 } } },
            Interests = { "dementia", "carers" },
            CareGroup = "Older people's mental health",
            Locality = "Canterbury",
        },
    };
}
