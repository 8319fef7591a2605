using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Involvement.Recruitment.V1;

namespace Involvement.Cli;

/// <summary>
/// The demo's opportunities, through the public API: one that breaks the 4PI presence rule (flagged), and one run
/// end to end: matched, invited, seats decided with reasons, and attendance recorded at a session already held.
/// Every create has a fixed key and every step checks the current state, so a second load changes nothing.
/// </summary>
public sealed class DemoOpportunities(CallInvoker recruitment, TextWriter output)
{
    private readonly OpportunityService.OpportunityServiceClient _opportunities = new(recruitment);
    private readonly MemberService.MemberServiceClient _members = new(recruitment);
    private readonly MatchingService.MatchingServiceClient _matching = new(recruitment);
    private readonly ParticipationService.ParticipationServiceClient _participation = new(recruitment);
    private readonly TrainingRecordService.TrainingRecordServiceClient _training = new(recruitment);

    public async Task LoadAsync(IReadOnlyList<Member> members, CancellationToken ct)
    {
        foreach (var member in members)
        {
            await ActivateAsync(member, ct);
        }

        foreach (var member in members.Take(6))
        {
            await _training.RecordCompletionByHandAsync(new RecordCompletionByHandRequest
            {
                IdempotencyKey = $"demo-intro-{member.MemberId}", MemberId = member.MemberId, ModuleCode = "intro-participation",
                CompletedOn = new Google.Type.Date { Year = 2026, Month = 5, Day = 12 }, Evidence = "Attended the May induction",
            }, cancellationToken: ct);
        }

        var flagged = await PublishedAsync("demo-opportunity-board", Board(), ct);
        output.WriteLine($"opportunity \"{flagged.Content.Title}\" presence: {string.Join("; ", flagged.Presence.Explanations)}");

        var panel = await PublishedAsync("demo-opportunity-carers-panel", CarersPanel(), ct);
        var match = await _matching.MatchMembersAsync(new MatchMembersRequest { OpportunityId = panel.OpportunityId, Limit = 5 }, cancellationToken: ct);
        output.WriteLine($"match for \"{panel.Content.Title}\" ({match.MembersConsidered} members considered):");
        Output.MatchTable.Print(match, output);

        var already = await _participation.ListParticipantsAsync(new ListParticipantsRequest { OpportunityId = panel.OpportunityId }, cancellationToken: ct);
        if (already.Participants.Count > 0)
        {
            foreach (var p in already.Participants.Where(p => p.Attendance.Count > 0))
            {
                output.WriteLine($"attendance: {p.DisplayName} attended for {p.Attendance[0].Hours} hours (loaded before)");
            }

            return;
        }

        var chosen = match.Candidates.Take(3).ToList();
        await _participation.InviteMembersAsync(new InviteMembersRequest
        {
            IdempotencyKey = $"demo-invite-{panel.OpportunityId}", OpportunityId = panel.OpportunityId,
            Invitees = { chosen.Select(c => new Invitee { MemberId = c.MemberId, ThroughOutreach = c.ThroughOutreach }) },
        }, cancellationToken: ct);
        var seats = 0;
        foreach (var candidate in chosen)
        {
            var p = (await _participation.ExpressInterestAsync(new ExpressInterestRequest
            {
                IdempotencyKey = $"demo-interest-{panel.OpportunityId}-{candidate.MemberId}", OpportunityId = panel.OpportunityId, MemberId = candidate.MemberId,
            }, cancellationToken: ct)).Participant;
            if (p.State == ParticipantState.Interested)
            {
                p = (await _participation.DecideParticipantAsync(new DecideParticipantRequest
                {
                    OpportunityId = p.OpportunityId, MemberId = p.MemberId, ExpectedVersion = p.Version,
                    Decision = seats < panel.Content.Seats ? Decision.Selected : Decision.Reserve,
                    Reason = $"Ranked {candidate.Rank} of {match.Candidates.Count}: {candidate.Reasons[0].Explanation}",
                }, cancellationToken: ct)).Participant;
            }

            if (p.State != ParticipantState.Selected)
            {
                continue;
            }

            seats++;
            var attended = (await _participation.RecordAttendanceAsync(new RecordAttendanceRequest
            {
                IdempotencyKey = $"demo-attendance-{panel.Sessions[0].SessionId}-{p.MemberId}", OpportunityId = panel.OpportunityId,
                SessionId = panel.Sessions[0].SessionId, MemberId = p.MemberId, Attended = true, Hours = 2.5,
            }, cancellationToken: ct)).Participant;
            output.WriteLine($"attendance: {attended.DisplayName} attended the session of {panel.Sessions[0].StartsAt.ToDateTime():yyyy-MM-dd} for 2.5 hours");
        }
    }

    private async Task ActivateAsync(Member member, CancellationToken ct)
    {
        if (member.Status == MemberStatus.Applicant)
        {
            var current = (await _members.GetMemberAsync(new GetMemberRequest { MemberId = member.MemberId }, cancellationToken: ct)).Member;
            if (current.Status == MemberStatus.Applicant)
            {
                await _members.ChangeMemberStatusAsync(new ChangeMemberStatusRequest
                {
                    MemberId = current.MemberId, ExpectedVersion = current.Version, Status = MemberStatus.Active,
                }, cancellationToken: ct);
            }
        }
    }

    private async Task<Opportunity> PublishedAsync(string key, OpportunityContent content, CancellationToken ct)
    {
        var opportunity = (await _opportunities.CreateOpportunityAsync(new CreateOpportunityRequest { IdempotencyKey = key, Content = content }, cancellationToken: ct)).Opportunity;
        opportunity = (await _opportunities.GetOpportunityAsync(new GetOpportunityRequest { OpportunityId = opportunity.OpportunityId }, cancellationToken: ct)).Opportunity;
        return opportunity.Status == OpportunityStatus.Published
            ? opportunity
            : (await _opportunities.PublishOpportunityAsync(new PublishOpportunityRequest { OpportunityId = opportunity.OpportunityId, ExpectedVersion = opportunity.Version }, cancellationToken: ct)).Opportunity;
    }

    private static OpportunityContent Board()
    {
        var starts = DateTimeOffset.UtcNow.Date.AddDays(30).AddHours(10);
        return new OpportunityContent
        {
            Title = "Quality committee: lived-experience member",
            Purpose = "Bring lived experience to the quality committee's decisions.",
            IntendedOutcomes = { "Every quality report discussed with a lived-experience view" },
            RoleType = RoleType.CriticalFriend,
            LevelRequired = InvolvementLevel.CoProduction,
            PaymentOffer = new PaymentOffer { RateReference = "co-producer-hourly", Description = "The co-producer hourly rate, plus travel" },
            Kind = OpportunityKind.Committee,
            Committee = "Quality Committee",
            CostCentre = "PPI-COMMITTEES",
            Sessions = { Session(starts, place: "Trust HQ, boardroom") },
            Seats = 1,
            ReserveSeats = 0,
            HighLevel = true,
        };
    }

    private static OpportunityContent CarersPanel()
    {
        var held = DateTimeOffset.UtcNow.Date.AddDays(-1).AddHours(10);
        return new OpportunityContent
        {
            Title = "Carers' strategy panel",
            Purpose = "Shape the trust's carers' strategy with carers and people who use older people's services.",
            IntendedOutcomes = { "A carers' strategy carers recognise", "Carers named in every discharge plan" },
            LimitsOfInfluence = "The strategy's priorities and wording are open; the budget is set.",
            RoleType = RoleType.ExpertByExperience,
            RoleDescription = "Two workshops and a review of the draft.",
            LevelRequired = InvolvementLevel.InformedDecisions,
            TrainingPrerequisites = { "intro-participation" },
            PaymentOffer = new PaymentOffer { RateReference = "contributor-session", Description = "£20 per session, plus travel" },
            Kind = OpportunityKind.Panel,
            CostCentre = "PPI-CARERS",
            Sessions = { Session(held, place: "Canterbury library, room 2"), Session(held.AddDays(29), online: true) },
            AdjustmentsOffered = { "step-free access", "papers in large print" },
            Seats = 2,
            ReserveSeats = 1,
            CareGroup = "Older people's mental health",
            Locality = "Canterbury",
            Topics = { "carers", "dementia" },
        };
    }

    private static SessionDraft Session(DateTimeOffset starts, string place = "", bool online = false) => new()
    {
        StartsAt = Timestamp.FromDateTimeOffset(starts), EndsAt = Timestamp.FromDateTimeOffset(starts.AddHours(2.5)), Place = place, Online = online,
    };
}
