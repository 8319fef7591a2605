using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Messaging;
using Involvement.BuildingBlocks.Time;
using Involvement.Contracts.Recruitment;
using Involvement.Reporting.Deployment;
using Involvement.Reporting.Metrics;
using Involvement.Reporting.Reach;

namespace Involvement.Reporting.Impact;

/// <summary>
/// An opportunity's impact as its latest ImpactRecorded states it, and the publishable "we said, we did" it lists:
/// feedback no longer listed is deleted, so what the PPI team unmarks leaves the board report. The figures it moves
/// are those of the period the opportunity closed in (or the event's own date when earlier or not closed yet).
/// </summary>
public sealed class ImpactRecordedConsumer(Db db) : ReportingConsumer<ImpactRecorded>(db)
{
    private DateOnly? _closedOn;

    protected override string SourceService => DeployedServices.Recruitment;

    protected override string Area => ReachAreas.Impact;

    protected override DateOnly AffectsFrom(ImpactRecorded message)
    {
        var own = UkTime.DateOf(message.OccurredAt);
        return _closedOn is { } closed && closed < own ? closed : own;
    }

    public override async Task ApplyAsync(ImpactRecorded e, UnitOfWork unit)
    {
        _closedOn = await unit.QuerySingleOrDefaultAsync<DateOnly?>(
            "select closed_on from opportunities where opportunity_id = @OpportunityId and closed_on is not null", e);
        var applied = await unit.ExecuteAsync(
            """
            insert into impact (opportunity_id, intended_outcomes, outcomes_recorded, feedback_given, first_feedback_on, version)
            values (@OpportunityId, @IntendedOutcomes, @OutcomesRecorded, @FeedbackGiven, @FirstFeedbackOn, @AggregateVersion)
            on conflict (opportunity_id) do update set
                intended_outcomes = excluded.intended_outcomes, outcomes_recorded = excluded.outcomes_recorded,
                feedback_given = excluded.feedback_given, first_feedback_on = excluded.first_feedback_on, version = excluded.version
            where impact.version < excluded.version
            """,
            e);
        if (applied == 0)
        {
            return;
        }

        var publishable = e.Publishable;
        await unit.ExecuteAsync(
            "delete from published_feedback where opportunity_id = @OpportunityId and not (feedback_id = any(@ids))",
            new { e.OpportunityId, ids = publishable.Select(f => f.FeedbackId).ToArray() });
        await unit.ExecuteAsync(
            """
            insert into published_feedback (feedback_id, opportunity_id, opportunity_title, given_on, we_said, we_did, version)
            select f.feedback_id, @OpportunityId, (select o.title from opportunities o where o.opportunity_id = @OpportunityId),
                   f.given_on, f.we_said, f.we_did, @AggregateVersion
            from unnest(@ids, @givenOn, @weSaid, @weDid) as f(feedback_id, given_on, we_said, we_did)
            on conflict (feedback_id) do update set
                given_on = excluded.given_on, we_said = excluded.we_said, we_did = excluded.we_did,
                opportunity_title = excluded.opportunity_title, version = excluded.version
            where published_feedback.version < excluded.version
            """,
            new
            {
                e.OpportunityId,
                e.AggregateVersion,
                ids = publishable.Select(f => f.FeedbackId).ToArray(),
                givenOn = publishable.Select(f => f.GivenOn).ToArray(),
                weSaid = publishable.Select(f => f.WeSaid).ToArray(),
                weDid = publishable.Select(f => f.WeDid).ToArray(),
            });
    }
}

/// <summary>One returned questionnaire (scores only), in the period of the day it was submitted.</summary>
public sealed class QuestionnaireSubmittedConsumer(Db db) : ReportingConsumer<QuestionnaireSubmitted>(db)
{
    protected override string SourceService => DeployedServices.Recruitment;

    protected override string Area => ReachAreas.Impact;

    protected override DateOnly AffectsFrom(QuestionnaireSubmitted message) => UkTime.DateOf(message.OccurredAt);

    public override Task ApplyAsync(QuestionnaireSubmitted e, UnitOfWork unit) =>
        unit.ExecuteAsync(
            """
            insert into questionnaires (event_id, opportunity_id, submitted_on, felt_valued, influence, support, would_take_part_again)
            values (@EventId, @OpportunityId, @submittedOn, @FeltValued, @Influence, @Support, @WouldTakePartAgain)
            on conflict (event_id) do nothing
            """,
            new { e.EventId, e.OpportunityId, submittedOn = UkTime.DateOf(e.OccurredAt), e.FeltValued, e.Influence, e.Support, e.WouldTakePartAgain });
}

/// <summary>A request received: the day it was submitted.</summary>
public sealed class InvolvementRequestSubmittedConsumer(Db db) : ReportingConsumer<InvolvementRequestSubmitted>(db)
{
    protected override string SourceService => DeployedServices.Recruitment;

    protected override string Area => ReachAreas.Requests;

    protected override DateOnly AffectsFrom(InvolvementRequestSubmitted message) => UkTime.DateOf(message.SubmittedAt);

    public override Task ApplyAsync(InvolvementRequestSubmitted e, UnitOfWork unit) =>
        unit.ExecuteAsync(
            """
            insert into involvement_requests (request_id, submitted_on) values (@RequestId, @submittedOn)
            on conflict (request_id) do update set submitted_on = excluded.submitted_on
            """,
            new { e.RequestId, submittedOn = UkTime.DateOf(e.SubmittedAt) });
}

/// <summary>A request assessed: the day it was assessed; it also says when it was received, in case that event is missing.</summary>
public sealed class InvolvementRequestAssessedConsumer(Db db) : ReportingConsumer<InvolvementRequestAssessed>(db)
{
    protected override string SourceService => DeployedServices.Recruitment;

    protected override string Area => ReachAreas.Requests;

    protected override DateOnly AffectsFrom(InvolvementRequestAssessed message) => UkTime.DateOf(message.SubmittedAt);

    public override Task ApplyAsync(InvolvementRequestAssessed e, UnitOfWork unit) =>
        unit.ExecuteAsync(
            """
            insert into involvement_requests (request_id, submitted_on, assessed_on, approved) values (@RequestId, @submittedOn, @assessedOn, @Approved)
            on conflict (request_id) do update set
                submitted_on = excluded.submitted_on, assessed_on = excluded.assessed_on, approved = excluded.approved
            """,
            new { e.RequestId, submittedOn = UkTime.DateOf(e.SubmittedAt), assessedOn = UkTime.DateOf(e.OccurredAt), e.Approved });
}

public sealed class ImpactRecordedConsumerDefinition : RetryingConsumerDefinition<ImpactRecordedConsumer>;

public sealed class QuestionnaireSubmittedConsumerDefinition : RetryingConsumerDefinition<QuestionnaireSubmittedConsumer>;

public sealed class InvolvementRequestSubmittedConsumerDefinition : RetryingConsumerDefinition<InvolvementRequestSubmittedConsumer>;

public sealed class InvolvementRequestAssessedConsumerDefinition : RetryingConsumerDefinition<InvolvementRequestAssessedConsumer>;
