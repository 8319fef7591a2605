using Involvement.BuildingBlocks.Time;
using Google.Protobuf.WellKnownTypes;
using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Errors;
using Involvement.Contracts.Recruitment;
using Involvement.Recruitment.Members;
using Involvement.Recruitment.Opportunities;
using Involvement.Recruitment.V1;

namespace Involvement.Recruitment.Impact;

/// <summary>Outcomes against those intended, feedback given back, and participants' end-of-involvement questionnaires.</summary>
public sealed class ImpactStore(Db db, OpportunityStore opportunities, TimeProvider clock)
{
    /// <summary>Questionnaire averages over fewer answers are shown as suppressed to anyone but the PPI team.</summary>
    public const int MinAnswersForAverages = 8;

    public async Task<V1.Impact> RecordOutcomesAsync(
        UnitOfWork unit, Guid opportunityId, long expectedVersion, IReadOnlyList<OutcomeAchieved> outcomes, string differenceMade, string actor)
    {
        var opportunity = await opportunities.LockForDecisionAsync(unit, opportunityId);
        var intended = opportunity.Content.IntendedOutcomes;
        var unknown = outcomes.Where(o => !intended.Contains(o.Intended)).Select(o => o.Intended).ToList();
        var missing = intended.Where(i => outcomes.All(o => o.Intended != i)).ToList();
        if (unknown.Count > 0 || missing.Count > 0 || outcomes.Count != intended.Count)
        {
            throw new ConflictException("Record one result for each intended outcome, word for word as the opportunity states it.",
                [.. unknown.Select(u => new PreconditionViolation("OUTCOME", u, "This is not one of the opportunity's intended outcomes.")),
                 .. missing.Select(m => new PreconditionViolation("OUTCOME", m, "This intended outcome has no result."))]);
        }

        var version = await unit.QuerySingleOrDefaultAsync<long?>(
            "select version from opportunity_outcomes where opportunity_id = @opportunityId for update", new { opportunityId }) ?? 0;
        Versions.EnsureCurrent("The outcomes record of opportunity", opportunityId, version, expectedVersion);

        var now = clock.GetUtcNowForDatabase();
        var record = new RecordOutcomesRequest { DifferenceMade = differenceMade };
        record.Outcomes.AddRange(outcomes);
        await unit.ExecuteAsync(
            """
            insert into opportunity_outcomes (opportunity_id, outcomes, difference_made, recorded_at, recorded_by, version)
            values (@opportunityId, @outcomes::jsonb, @differenceMade, @now, @actor, 1)
            on conflict (opportunity_id) do update set outcomes = excluded.outcomes, difference_made = excluded.difference_made,
                recorded_at = excluded.recorded_at, recorded_by = excluded.recorded_by, version = opportunity_outcomes.version + 1
            """,
            new { opportunityId, outcomes = ProtoJson.Format(record), differenceMade, now = now.UtcDateTime, actor });
        await PublishImpactAsync(unit, opportunityId, now);
        return await ReadAsync(unit, opportunity, withResponses: true);
    }

    public async Task<Feedback> GiveFeedbackAsync(
        UnitOfWork unit, Guid opportunityId, string weSaid, string weDid, DateOnly givenOn, bool publishable, string actor)
    {
        await opportunities.LockForDecisionAsync(unit, opportunityId);
        var now = clock.GetUtcNowForDatabase();
        var id = Guid.CreateVersion7(now);
        await unit.ExecuteAsync(
            """
            insert into opportunity_feedback (feedback_id, opportunity_id, we_said, we_did, given_on, given_by, publishable)
            values (@id, @opportunityId, @weSaid, @weDid, @givenOn, @actor, @publishable)
            """,
            new { id, opportunityId, weSaid, weDid, givenOn, actor, publishable });
        await PublishImpactAsync(unit, opportunityId, now);
        return new Feedback
        {
            FeedbackId = id.ToString(), WeSaid = weSaid, WeDid = weDid, GivenOn = ProtoDates.ToProto(givenOn), GivenBy = actor, Publishable = publishable,
        };
    }

    public async Task<Questionnaire> SubmitQuestionnaireAsync(UnitOfWork unit, Guid opportunityId, Guid memberId, Questionnaire answers)
    {
        await MemberGuard.LockWritableAsync(unit, memberId);
        var state = await unit.QuerySingleOrDefaultAsync<string?>(
            "select state from participants where opportunity_id = @opportunityId and member_id = @memberId", new { opportunityId, memberId });
        var attended = await unit.QuerySingleOrDefaultAsync<bool>(
            "select exists (select 1 from attendance where opportunity_id = @opportunityId and member_id = @memberId and attended)", new { opportunityId, memberId });
        if (state != "selected" && !attended)
        {
            throw new ConflictException("Only people who took a seat on the opportunity are asked for an end-of-involvement questionnaire.");
        }

        var now = clock.GetUtcNowForDatabase();
        var written = await unit.ExecuteAsync(
            """
            insert into questionnaires (opportunity_id, member_id, felt_valued, influence, support, would_take_part_again, comments, submitted_at)
            values (@opportunityId, @memberId, @FeltValued, @Influence, @Support, @WouldTakePartAgain, @comments, @now)
            on conflict do nothing
            """,
            new { opportunityId, memberId, answers.FeltValued, answers.Influence, answers.Support, answers.WouldTakePartAgain,
                comments = answers.Comments.Length == 0 ? null : answers.Comments, now = now.UtcDateTime });
        if (written == 0)
        {
            throw new AlreadyExistsException("The member has already returned their questionnaire for this opportunity.");
        }

        await unit.PublishAsync(new QuestionnaireSubmitted(Guid.CreateVersion7(now), now, 1, opportunityId,
            answers.FeltValued, answers.Influence, answers.Support, answers.WouldTakePartAgain));
        answers.MemberId = memberId.ToString();
        answers.SubmittedAt = Timestamp.FromDateTimeOffset(now);
        return answers;
    }

    /// <summary>Publishes the opportunity's impact record as it now stands, under the next impact version.</summary>
    private static async Task PublishImpactAsync(UnitOfWork unit, Guid opportunityId, DateTimeOffset now)
    {
        var version = await unit.QuerySingleOrDefaultAsync<long>(
            "update opportunities set impact_version = impact_version + 1 where opportunity_id = @opportunityId returning impact_version", new { opportunityId });
        var facts = await unit.QuerySingleOrDefaultAsync<ImpactFacts>(
            """
            select jsonb_array_length(coalesce(o.content->'intendedOutcomes', '[]')) as intended,
                   r.opportunity_id is not null as outcomes_recorded,
                   coalesce((select count(*) from jsonb_array_elements(r.outcomes->'outcomes') e where e->>'result' = 'OUTCOME_RESULT_ACHIEVED'), 0)::int as achieved,
                   coalesce((select count(*) from jsonb_array_elements(r.outcomes->'outcomes') e where e->>'result' = 'OUTCOME_RESULT_PARTLY_ACHIEVED'), 0)::int as partly_achieved,
                   coalesce((select count(*) from jsonb_array_elements(r.outcomes->'outcomes') e where e->>'result' = 'OUTCOME_RESULT_NOT_ACHIEVED'), 0)::int as not_achieved,
                   (select count(*) from opportunity_feedback f where f.opportunity_id = o.opportunity_id)::int as feedback_given,
                   (select min(given_on) from opportunity_feedback f where f.opportunity_id = o.opportunity_id) as first_feedback_on
            from opportunities o left join opportunity_outcomes r using (opportunity_id)
            where o.opportunity_id = @opportunityId
            """,
            new { opportunityId });
        var publishable = await unit.QueryAsync<FeedbackRow>(
            """
            select feedback_id, we_said, we_did, given_on, given_by from opportunity_feedback
            where opportunity_id = @opportunityId and publishable order by given_on, feedback_id
            """,
            new { opportunityId });
        await unit.PublishAsync(new ImpactRecorded(Guid.CreateVersion7(now), now, version, opportunityId, facts!.Intended, facts.OutcomesRecorded,
            facts.Achieved, facts.PartlyAchieved, facts.NotAchieved, facts.FeedbackGiven, facts.FirstFeedbackOn,
            [.. publishable.Select(f => new PublishableFeedback(f.FeedbackId, f.GivenOn, f.WeSaid, f.WeDid))]));
    }

    private sealed class ImpactFacts
    {
        public int Intended { get; init; }
        public bool OutcomesRecorded { get; init; }
        public int Achieved { get; init; }
        public int PartlyAchieved { get; init; }
        public int NotAchieved { get; init; }
        public int FeedbackGiven { get; init; }
        public DateOnly? FirstFeedbackOn { get; init; }
    }

    /// <summary>Every questionnaire the member returned, comments included (for their subject access request).</summary>
    public async Task<IReadOnlyList<ReturnedQuestionnaire>> ListForMemberAsync(Guid memberId, CancellationToken cancellationToken)
    {
        var rows = await db.QueryAsync<QuestionnaireRow>(
            """
            select opportunity_id, member_id, felt_valued, influence, support, would_take_part_again, comments, submitted_at
            from questionnaires where member_id = @memberId order by submitted_at
            """,
            new { memberId }, cancellationToken);
        return [.. rows.Select(r => new ReturnedQuestionnaire { OpportunityId = r.OpportunityId.ToString(), Questionnaire = r.ToMessage(withComments: true) })];
    }

    public async Task<V1.Impact> GetAsync(Guid opportunityId, bool withResponses, CancellationToken cancellationToken)
    {
        var opportunity = await opportunities.GetAsync(opportunityId, cancellationToken);
        return await db.InTransactionAsync(unit => ReadAsync(unit, opportunity, withResponses), cancellationToken);
    }

    private static async Task<V1.Impact> ReadAsync(UnitOfWork unit, Opportunity opportunity, bool withResponses)
    {
        var opportunityId = Guid.Parse(opportunity.OpportunityId);
        var impact = new V1.Impact { OpportunityId = opportunity.OpportunityId };
        impact.IntendedOutcomes.AddRange(opportunity.Content.IntendedOutcomes);
        var outcomes = await unit.QuerySingleOrDefaultAsync<OutcomesRow>(
            "select outcomes::text as outcomes, difference_made, recorded_at, version from opportunity_outcomes where opportunity_id = @opportunityId",
            new { opportunityId });
        if (outcomes is not null)
        {
            impact.Outcomes.AddRange(ProtoJson.Parse<RecordOutcomesRequest>(outcomes.Outcomes).Outcomes);
            impact.DifferenceMade = outcomes.DifferenceMade;
            impact.OutcomesRecordedAt = Timestamp.FromDateTime(outcomes.RecordedAt);
            impact.Version = outcomes.Version;
        }

        var feedback = await unit.QueryAsync<FeedbackRow>(
            "select feedback_id, we_said, we_did, given_on, given_by, publishable from opportunity_feedback where opportunity_id = @opportunityId order by given_on, feedback_id",
            new { opportunityId });
        impact.Feedback.AddRange(feedback.Select(f => new Feedback
        {
            FeedbackId = f.FeedbackId.ToString(), WeSaid = f.WeSaid, WeDid = f.WeDid, GivenOn = ProtoDates.ToProto(f.GivenOn), GivenBy = f.GivenBy,
            Publishable = f.Publishable,
        }));
        var responses = (await unit.QueryAsync<QuestionnaireRow>(
            """
            select member_id, felt_valued, influence, support, would_take_part_again, comments, submitted_at from questionnaires
            where opportunity_id = @opportunityId order by submitted_at
            """,
            new { opportunityId })).ToList();
        impact.Questionnaires = new QuestionnaireSummary
        {
            Returned = responses.Count,
            MeanFeltValued = responses.Count == 0 ? 0 : Math.Round(responses.Average(r => r.FeltValued), 2),
            MeanInfluence = responses.Count == 0 ? 0 : Math.Round(responses.Average(r => r.Influence), 2),
            MeanSupport = responses.Count == 0 ? 0 : Math.Round(responses.Average(r => r.Support), 2),
            WouldTakePartAgain = responses.Count(r => r.WouldTakePartAgain),
        };
        if (!withResponses && responses.Count < MinAnswersForAverages)
        {
            // Fewer answers than this could identify who said what to the project lead running the opportunity.
            impact.Questionnaires = new QuestionnaireSummary { Returned = responses.Count, Suppressed = true };
        }
        if (withResponses)
        {
            impact.Responses.AddRange(responses.Select(r => r.ToMessage(withComments: true)));
        }

        return impact;
    }

    private sealed record OutcomesRow(string Outcomes, string DifferenceMade, DateTime RecordedAt, long Version);

    private sealed class FeedbackRow
    {
        public Guid FeedbackId { get; init; }
        public string WeSaid { get; init; } = "";
        public string WeDid { get; init; } = "";
        public DateOnly GivenOn { get; init; }
        public string GivenBy { get; init; } = "";
        public bool Publishable { get; init; }
    }

    private sealed class QuestionnaireRow
    {
        public Guid OpportunityId { get; init; }
        public Guid MemberId { get; init; }
        public int FeltValued { get; init; }
        public int Influence { get; init; }
        public int Support { get; init; }
        public bool WouldTakePartAgain { get; init; }
        public string? Comments { get; init; }
        public DateTime SubmittedAt { get; init; }

        public Questionnaire ToMessage(bool withComments) => new()
        {
            MemberId = MemberId.ToString(), FeltValued = FeltValued, Influence = Influence, Support = Support,
            WouldTakePartAgain = WouldTakePartAgain, Comments = withComments ? Comments ?? "" : "", SubmittedAt = Timestamp.FromDateTime(SubmittedAt),
        };
    }
}
