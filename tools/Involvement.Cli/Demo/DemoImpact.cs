using Grpc.Core;
using Involvement.Recruitment.V1;

namespace Involvement.Cli;

/// <summary>
/// What the board report needs from recruitment beyond members and attendance: equality answers and a snapshot of
/// them, the carers' panel's outcomes, publishable "we said, we did" feedback and questionnaires, and an involvement
/// request submitted and assessed. Fixed keys and state checks, so a second load changes nothing.
/// </summary>
public sealed class DemoImpact(CallInvoker recruitment, TextWriter output)
{
    private readonly EqualityMonitoringService.EqualityMonitoringServiceClient _equality = new(recruitment);
    private readonly ImpactService.ImpactServiceClient _impact = new(recruitment);
    private readonly OpportunityService.OpportunityServiceClient _opportunities = new(recruitment);
    private readonly ParticipationService.ParticipationServiceClient _participation = new(recruitment);
    private readonly InvolvementRequestService.InvolvementRequestServiceClient _requests = new(recruitment);

    private static readonly EthnicCategory[] Ethnicities =
    [
        EthnicCategory.NAfrican, EthnicCategory.AWhiteBritish, EthnicCategory.HIndian, EthnicCategory.AWhiteBritish,
        EthnicCategory.BWhiteIrish, EthnicCategory.NAfrican, EthnicCategory.AWhiteBritish, EthnicCategory.LAnyOtherAsian,
    ];

    public async Task LoadAsync(IReadOnlyList<Member> members, CancellationToken ct)
    {
        for (var i = 0; i < members.Count; i++)
        {
            await _equality.RecordEqualityMonitoringAsync(new RecordEqualityMonitoringRequest
            {
                MemberId = members[i].MemberId,
                ConsentToOutreach = true,
                Answers = new EqualityAnswers
                {
                    EthnicCategory = Ethnicities[i % Ethnicities.Length],
                    Sex = i % 3 == 0 ? Sex.Male : i == 7 ? Sex.PreferNotToSay : Sex.Female,
                },
            }, cancellationToken: ct);
        }

        await _equality.PublishEqualitySnapshotAsync(new PublishEqualitySnapshotRequest(), cancellationToken: ct);
        output.WriteLine("equality answers recorded for the demo members and a snapshot published for reporting");

        var panel = (await _opportunities.ListOpportunitiesAsync(new ListOpportunitiesRequest { PageSize = 200 }, cancellationToken: ct))
            .Opportunities.FirstOrDefault(o => o.Content.Title == "Carers' strategy panel");
        if (panel is not null)
        {
            await PanelImpactAsync(panel, ct);
        }

        await RequestAsync(ct);
    }

    private async Task PanelImpactAsync(Opportunity panel, CancellationToken ct)
    {
        var impact = (await _impact.GetImpactAsync(new GetImpactRequest { OpportunityId = panel.OpportunityId }, cancellationToken: ct)).Impact;
        if (impact.Version == 0)
        {
            await _impact.RecordOutcomesAsync(new RecordOutcomesRequest
            {
                OpportunityId = panel.OpportunityId,
                DifferenceMade = "Carers' own words now open the strategy, and discharge planning names the carer.",
                Outcomes =
                {
                    panel.Content.IntendedOutcomes.Select((intended, i) => new OutcomeAchieved
                    {
                        Intended = intended,
                        Result = i == 0 ? OutcomeResult.Achieved : OutcomeResult.PartlyAchieved,
                        Evidence = i == 0 ? "The panel signed off the draft's priorities." : "Two of three wards name carers in discharge plans.",
                    }),
                },
            }, cancellationToken: ct);
        }

        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        await _impact.GiveFeedbackAsync(new GiveFeedbackRequest
        {
            IdempotencyKey = $"demo-feedback-{panel.OpportunityId}",
            OpportunityId = panel.OpportunityId,
            WeSaid = "Carers are told about discharge on the day, too late to arrange care at home.",
            WeDid = "Wards now phone the named carer two days before a planned discharge.",
            GivenOn = new Google.Type.Date { Year = today.Year, Month = today.Month, Day = today.Day },
            Publishable = true,
        }, cancellationToken: ct);

        var seated = (await _participation.ListParticipantsAsync(new ListParticipantsRequest { OpportunityId = panel.OpportunityId }, cancellationToken: ct))
            .Participants.Where(p => p.State == ParticipantState.Selected).ToList();
        foreach (var (p, i) in seated.Select((p, i) => (p, i)))
        {
            await _impact.SubmitQuestionnaireAsync(new SubmitQuestionnaireRequest
            {
                IdempotencyKey = $"demo-questionnaire-{panel.OpportunityId}-{p.MemberId}",
                OpportunityId = panel.OpportunityId,
                MemberId = p.MemberId,
                FeltValued = 5 - i,
                Influence = 4,
                Support = 5,
                WouldTakePartAgain = true,
            }, cancellationToken: ct);
        }

        output.WriteLine($"impact: outcomes recorded, \"we said, we did\" feedback given and {seated.Count} questionnaires returned for \"{panel.Content.Title}\"");
    }

    private async Task RequestAsync(CancellationToken ct)
    {
        var request = (await _requests.SubmitInvolvementRequestAsync(new SubmitInvolvementRequestRequest
        {
            IdempotencyKey = "demo-request-discharge-leaflet",
            Content = new InvolvementRequestContent
            {
                ProjectTitle = "Discharge leaflet for carers",
                ProjectTeam = "Older people's mental health",
                PatientIntelligence = "Complaints from carers about late notice of discharge.",
                GroupsAffected = "Carers of older people on inpatient wards.",
                HowInvolve = "A workshop with carers and a review of the draft leaflet.",
                ScopeToInfluence = "Wording, format and where the leaflet is given out.",
                DisproportionatelyAffected = "Carers who do not read English well.",
                HowEngageAffected = "Through the carers' support group, with an interpreter.",
            },
        }, cancellationToken: ct)).Request;
        if (request.Status == RequestStatus.Submitted)
        {
            await _requests.AssessInvolvementRequestAsync(new AssessInvolvementRequestRequest
            {
                RequestId = request.RequestId,
                ExpectedVersion = request.Version,
                RecommendedRung = EngagementRung.Collaborate,
                EqualityConsiderations = "Offer an interpreter and easy-read drafts.",
                Approve = true,
            }, cancellationToken: ct);
        }

        output.WriteLine("involvement request \"Discharge leaflet for carers\" submitted and assessed");
    }
}
