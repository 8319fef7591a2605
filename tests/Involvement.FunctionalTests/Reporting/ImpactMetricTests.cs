using Involvement.Contracts;
using Involvement.Contracts.Recruitment;
using Involvement.TestKit;
using static Involvement.FunctionalTests.Reporting.ReachEvents;

namespace Involvement.FunctionalTests.Reporting;

public sealed class ImpactMetricTests(ReportingFixture fixture) : IClassFixture<ReportingFixture>
{
    private static ImpactRecorded Impact(Guid opportunityId, long version, int feedbackGiven, params PublishableFeedback[] publishable) =>
        new(Guid.CreateVersion7(), DateTimeOffset.UtcNow, version, opportunityId, 2, feedbackGiven > 0, 1, 1, 0, feedbackGiven,
            feedbackGiven > 0 ? new DateOnly(2016, 5, 20) : null, publishable);

    private static OpportunityClosed Closed(Guid opportunityId, DateTimeOffset on) => new(Guid.CreateVersion7(), on, 5, opportunityId, 2, 1);

    [Fact]
    public async Task Outcomes_feedback_and_publishable_we_said_we_did_in_any_order()
    {
        const int year = 2016;
        var said = new PublishableFeedback(Guid.CreateVersion7(), new DateOnly(year, 5, 20), "Papers came too late to read", "Papers now go out ten days ahead");
        var withdrawn = new PublishableFeedback(Guid.CreateVersion7(), new DateOnly(year, 5, 21), "The room was hard to reach", "We moved to the ground floor");
        var withOutcomes = Published(Guid.CreateVersion7(), "project", 2, 0, false, [Session(At(year, 4, 20))], intendedOutcomes: 2, title: "Discharge lounge");
        var without = Published(Guid.CreateVersion7(), "project", 2, 0, false, [Session(At(year, 4, 22))]);
        var cancelled = Published(Guid.CreateVersion7(), "project", 2, 0, false, [Session(At(year, 4, 23))], intendedOutcomes: 1);
        var events = new IIntegrationEvent[]
        {
            withOutcomes, without, cancelled,
            Changed(withOutcomes, version: 2, title: "Discharge lounge redesign"),
            Closed(withOutcomes.OpportunityId, At(year, 5, 1)), Closed(without.OpportunityId, At(year, 6, 1)),
            new OpportunityCancelled(Guid.CreateVersion7(), At(year, 5, 2), 6, cancelled.OpportunityId, true),
            Impact(withOutcomes.OpportunityId, 1, 0),
            Impact(withOutcomes.OpportunityId, 2, 1, said, withdrawn),
            Impact(withOutcomes.OpportunityId, 3, 2, said),   // the PPI team no longer publishes the second
        };

        await fixture.PublishAllAsync(ShuffledAndRepeated(events, seed: year));

        // Two closed (the cancelled one is not): one recorded outcomes at the start and gave feedback.
        await fixture.WaitForFiguresAsync(year, 1, new Dictionary<string, string>
        {
            ["impact.outcomes_recorded_share"] = "50", ["impact.feedback_given_share"] = "50",
        });
        await fixture.WaitForFiguresAsync(year, 2, new Dictionary<string, string>
        {
            ["impact.outcomes_recorded_share"] = "n/a", ["impact.feedback_given_share"] = "n/a",
        });
        await Eventually.TrueAsync(async () => (await FeedbackAsync(withOutcomes.OpportunityId)).Count == 1
            && (await FeedbackAsync(withOutcomes.OpportunityId))[0].Title == "Discharge lounge redesign", what: "one publishable feedback with the latest title");
        var kept = (await FeedbackAsync(withOutcomes.OpportunityId)).Single();
        Assert.Equal((said.FeedbackId, said.WeSaid, said.WeDid, said.GivenOn), (kept.FeedbackId, kept.WeSaid, kept.WeDid, kept.GivenOn));
    }

    [Fact]
    public async Task Questionnaire_averages_and_would_take_part_again_counted_once()
    {
        const int year = 2017;
        var opportunity = Guid.CreateVersion7();
        int[] felt = [5, 4, 4, 3, 5, 5, 4, 2];
        var questionnaires = felt.Select((f, i) => (IIntegrationEvent)new QuestionnaireSubmitted(
            Guid.CreateVersion7(), At(year, 5, 1 + i), 1, opportunity, f, 3, 1 + (i % 5), i < 6)).ToList();

        await fixture.PublishAllAsync(ShuffledAndRepeated(questionnaires, seed: year));

        // Eight questionnaires (each delivered twice): felt valued 32 / 8, influence 3, support (1+2+3+4+5+1+2+3) / 8.
        await fixture.WaitForFiguresAsync(year, 1, new Dictionary<string, string>
        {
            ["impact.felt_valued_average"] = "4",
            ["impact.influence_average"] = "3",
            ["impact.support_average"] = "2.6",
            ["impact.would_take_part_again_share"] = "75",
        });
        // Fewer than eight people: an average is withheld, at every level.
        await fixture.PublishAllAsync([new QuestionnaireSubmitted(Guid.CreateVersion7(), At(year, 8, 1), 1, opportunity, 5, 5, 5, true)]);
        await fixture.WaitForFiguresAsync(year, 2, new Dictionary<string, string>
        {
            ["impact.felt_valued_average"] = "*", ["impact.would_take_part_again_share"] = "100",
        });
    }

    [Fact]
    public async Task Requests_received_and_assessed_in_their_periods()
    {
        const int year = 2018;
        var received = Enumerable.Range(0, 3).Select(i => new InvolvementRequestSubmitted(
            Guid.CreateVersion7(), At(year, 4, 10 + i), 1, Guid.CreateVersion7(), At(year, 4, 10 + i))).ToList();
        var assessedOnly = Guid.CreateVersion7();   // its submission event never arrives: the assessment says when it came
        var events = new List<IIntegrationEvent>(received)
        {
            new InvolvementRequestAssessed(Guid.CreateVersion7(), At(year, 7, 1), 2, received[0].RequestId, true, "co_produce", received[0].SubmittedAt),
            new InvolvementRequestAssessed(Guid.CreateVersion7(), At(year, 7, 2), 2, received[1].RequestId, false, "inform", received[1].SubmittedAt),
            new InvolvementRequestAssessed(Guid.CreateVersion7(), At(year, 7, 3), 2, assessedOnly, true, "involve", At(year, 4, 20)),
        };

        await fixture.PublishAllAsync(ShuffledAndRepeated(events, seed: year));

        await fixture.WaitForFiguresAsync(year, 1, new Dictionary<string, string>
        {
            ["impact.requests_received"] = "4", ["impact.requests_assessed"] = "0",
        });
        await fixture.WaitForFiguresAsync(year, 2, new Dictionary<string, string>
        {
            ["impact.requests_received"] = "0", ["impact.requests_assessed"] = "3",
        });
        await fixture.WaitForFiguresAsync(year, 0, new Dictionary<string, string>
        {
            ["impact.requests_received"] = "4", ["impact.requests_assessed"] = "3",
        });
    }

    private async Task<List<FeedbackRow>> FeedbackAsync(Guid opportunityId)
    {
        await using var db = fixture.OpenDatabase();
        return [.. await Dapper.SqlMapper.QueryAsync<FeedbackRow>(db,
            "select feedback_id as FeedbackId, opportunity_title as Title, we_said as WeSaid, we_did as WeDid, given_on as GivenOn from published_feedback where opportunity_id = @opportunityId",
            new { opportunityId })];
    }

    private sealed record FeedbackRow
    {
        public Guid FeedbackId { get; init; }

        public string? Title { get; init; }

        public string WeSaid { get; init; } = "";

        public string WeDid { get; init; } = "";

        public DateOnly GivenOn { get; init; }
    }
}
