extern alias RecruitmentHost;

using Google.Protobuf.WellKnownTypes;
using Involvement.BuildingBlocks.Security;
using RecruitmentHost::Involvement.Recruitment.Members;
using Involvement.Recruitment.V1;

namespace Involvement.FunctionalTests.Recruitment;

public sealed class RecruitmentFixture : ServiceFixture<MemberApi>
{
    /// <summary>A population in which Chinese people are 95%: any pool with a few other answers under-represents them.</summary>
    public const string UnderRepresentedAnswer = "ETHNIC_CATEGORY_R_CHINESE";

    protected override string ServiceName => "recruitment";

    protected override IReadOnlyDictionary<string, string?> ExtraSettings { get; } = new Dictionary<string, string?>
    {
        ["Recruitment:RepresentationCacheSeconds"] = "0",
        [$"Recruitment:Population:ethnic_category:{UnderRepresentedAnswer}"] = "95",
    };

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

    /// <summary>A registered member made active, as most opportunities need.</summary>
    public async Task<Member> ActiveMemberAsync(Action<RegisterMemberRequest>? shape = null)
    {
        var request = ValidRequest();
        shape?.Invoke(request);
        var member = (await Client().RegisterMemberAsync(request)).Member;
        return (await Client().ChangeMemberStatusAsync(new ChangeMemberStatusRequest
        {
            MemberId = member.MemberId, ExpectedVersion = member.Version, Status = MemberStatus.Active,
        })).Member;
    }

    /// <summary>A published opportunity with one session that began yesterday and one a month ahead.</summary>
    public async Task<Opportunity> PublishedOpportunityAsync(Action<OpportunityContent>? shape = null)
    {
        var content = PublishableContent();
        shape?.Invoke(content);
        var opportunities = new OpportunityService.OpportunityServiceClient(Calls(Roles.PpiTeam));
        var draft = (await opportunities.CreateOpportunityAsync(new CreateOpportunityRequest { IdempotencyKey = Guid.NewGuid().ToString(), Content = content })).Opportunity;
        return (await opportunities.PublishOpportunityAsync(new PublishOpportunityRequest { OpportunityId = draft.OpportunityId, ExpectedVersion = draft.Version })).Opportunity;
    }

    /// <summary>Content a draft can be published with: one session that began yesterday and one a month ahead.</summary>
    public static OpportunityContent PublishableContent()
    {
        var yesterday = DateTimeOffset.UtcNow.AddDays(-1);
        return new OpportunityContent
        {
            Title = "Carers' strategy panel",
            Purpose = "Shape the trust's carers' strategy with carers.",
            IntendedOutcomes = { "A strategy carers recognise" },
            RoleType = RoleType.CriticalFriend,
            LevelRequired = InvolvementLevel.InformedDecisions,
            PaymentOffer = new PaymentOffer { RateReference = "contributor-session", Description = "£20 per session" },
            Kind = OpportunityKind.Committee,
            Committee = "Patient Safety Committee",
            CostCentre = "PPI-001",
            Sessions =
            {
                new SessionDraft { StartsAt = Timestamp.FromDateTimeOffset(yesterday), EndsAt = Timestamp.FromDateTimeOffset(yesterday.AddHours(3)), Place = "Trust HQ" },
                new SessionDraft { StartsAt = Timestamp.FromDateTimeOffset(yesterday.AddDays(31)), EndsAt = Timestamp.FromDateTimeOffset(yesterday.AddDays(31).AddHours(3)), Online = true },
            },
            Seats = 2,
            ReserveSeats = 1,
        };
    }
}
