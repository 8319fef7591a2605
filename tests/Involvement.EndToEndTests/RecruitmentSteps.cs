using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Involvement.Recruitment.V1;

namespace Involvement.EndToEndTests;

/// <summary>What the PPI team does in recruitment before another service has something to act on.</summary>
public static class RecruitmentSteps
{
    public static async Task<Member> ActiveMemberAsync(CallInvoker ppiTeam, string familyName, string careGroup = "")
    {
        var members = new MemberService.MemberServiceClient(ppiTeam);
        var member = (await members.RegisterMemberAsync(new RegisterMemberRequest
        {
            IdempotencyKey = Guid.NewGuid().ToString(), GivenName = "Pat", FamilyName = familyName, LivedExperienceType = LivedExperienceType.Carer,
            InvolvementLevel = InvolvementLevel.InformedDecisions, ConsentToHoldData = true,
            Details = new MemberDetails { Communication = new CommunicationPreferences { InvitationChannels = { ContactChannel.Email } }, Contact = new ContactDetails { Email = "pat@example.org" }, CareGroup = careGroup },
        })).Member;
        return (await members.ChangeMemberStatusAsync(new ChangeMemberStatusRequest { MemberId = member.MemberId, ExpectedVersion = member.Version, Status = MemberStatus.Active })).Member;
    }

    /// <summary>A committee seat held yesterday for three hours, paid at <paramref name="rateReference"/>.</summary>
    /// <param name="careGroup">Members of this care group are relevant: matching lists them even when they are not eligible.</param>
    public static async Task<Opportunity> PublishedOpportunityAsync(
        CallInvoker ppiTeam, string rateReference, string costCentre, string careGroup = "", params string[] trainingPrerequisites)
    {
        var yesterday = DateTimeOffset.UtcNow.AddDays(-1);
        var opportunities = new OpportunityService.OpportunityServiceClient(ppiTeam);
        var draft = (await opportunities.CreateOpportunityAsync(new CreateOpportunityRequest
        {
            IdempotencyKey = Guid.NewGuid().ToString(),
            Content = new OpportunityContent
            {
                Title = "Carers' strategy panel", Purpose = "Shape the carers' strategy with carers.", IntendedOutcomes = { "A strategy carers recognise" },
                RoleType = RoleType.CriticalFriend, LevelRequired = InvolvementLevel.InformedDecisions, TrainingPrerequisites = { trainingPrerequisites },
                PaymentOffer = new PaymentOffer { RateReference = rateReference, Description = "£20 per session" },
                Kind = OpportunityKind.Committee, Committee = "Patient Safety Committee", CostCentre = costCentre, Seats = 2, ReserveSeats = 1, CareGroup = careGroup,
                Sessions = { new SessionDraft { StartsAt = Timestamp.FromDateTimeOffset(yesterday), EndsAt = Timestamp.FromDateTimeOffset(yesterday.AddHours(3)), Place = "Trust HQ" } },
            },
        })).Opportunity;
        return (await opportunities.PublishOpportunityAsync(new PublishOpportunityRequest { OpportunityId = draft.OpportunityId, ExpectedVersion = draft.Version })).Opportunity;
    }
}
