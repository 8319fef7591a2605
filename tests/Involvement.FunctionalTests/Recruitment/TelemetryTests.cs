using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Involvement.BuildingBlocks.Security;
using Involvement.Recruitment.V1;
using Involvement.TestKit;

namespace Involvement.FunctionalTests.Recruitment;

/// <summary>Recruitment's spans carry ids and never personal data, and its domain counters count.</summary>
public sealed class TelemetryTests(RecruitmentFixture fixture) : IClassFixture<RecruitmentFixture>, IDisposable
{
    private readonly ConcurrentQueue<Activity> _spans = new();
    private readonly ConcurrentQueue<(string Name, long Value)> _measurements = new();
    private readonly ActivityListener _spanListener = new();
    private readonly MeterListener _meterListener = new();

    [Fact]
    public async Task Rpc_spans_are_tagged_with_ids_only_and_registrations_are_counted()
    {
        Listen();
        var member = await fixture.ActiveMemberAsync();
        var opportunity = await fixture.PublishedOpportunityAsync();
        await new ParticipationService.ParticipationServiceClient(fixture.Calls(Roles.PpiTeam)).ExpressInterestAsync(new ExpressInterestRequest
        {
            IdempotencyKey = Guid.NewGuid().ToString(), OpportunityId = opportunity.OpportunityId, MemberId = member.MemberId,
        });

        var interest = Assert.Single(_spans, s => s.OperationName.EndsWith("/ExpressInterest", StringComparison.Ordinal)
            && (string?)s.GetTagItem("involvement.member_id") == member.MemberId);
        Assert.Equal(opportunity.OpportunityId, interest.GetTagItem("involvement.opportunity_id"));
        Assert.Equal("Involvement.Recruitment", interest.Source.Name);
        var ours = _spans.Where(s => s.Tags.Any(t => t.Value == member.MemberId)).ToList();
        Assert.NotEmpty(ours);
        Assert.All(ours.SelectMany(s => s.Tags), t =>
        {
            Assert.DoesNotContain(member.FamilyName, t.Value ?? "", StringComparison.Ordinal);
            Assert.DoesNotContain("amara@example.org", t.Value ?? "", StringComparison.Ordinal);
        });
        Assert.Contains(_measurements, m => m.Name == "involvement.recruitment.members_registered" && m.Value == 1);
        Assert.Contains(_measurements, m => m.Name == "involvement.recruitment.opportunities_published" && m.Value == 1);
    }

    [Fact]
    public async Task A_consumer_span_names_the_event_and_the_ids_it_is_about()
    {
        Listen();
        var member = await fixture.ActiveMemberAsync();
        var completions = await fixture.ProbeAsync<Involvement.Contracts.Training.TrainingCompleted>();
        var completed = new Involvement.Contracts.Training.TrainingCompleted(
            Guid.CreateVersion7(), DateTimeOffset.UtcNow, 1, Guid.Parse(member.MemberId), "intro-participation", new DateOnly(2026, 1, 5), null);

        await completions.PublishAsync(completed);

        await Eventually.TrueAsync(() => Task.FromResult(_spans.Any(s => s.OperationName == "consume TrainingCompleted"
            && (string?)s.GetTagItem("messaging.message.id") == completed.EventId.ToString())), what: "the consumer's span");
        var span = _spans.First(s => (string?)s.GetTagItem("messaging.message.id") == completed.EventId.ToString());
        Assert.Equal(member.MemberId, span.GetTagItem("involvement.MemberId"));
    }

    private void Listen()
    {
        _spanListener.ShouldListenTo = source => source.Name == "Involvement.Recruitment";
        _spanListener.Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded;
        _spanListener.ActivityStopped = _spans.Enqueue;
        ActivitySource.AddActivityListener(_spanListener);
        _meterListener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "Involvement.Recruitment")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _meterListener.SetMeasurementEventCallback<long>((instrument, value, _, _) => _measurements.Enqueue((instrument.Name, value)));
        _meterListener.Start();
    }

    public void Dispose()
    {
        _spanListener.Dispose();
        _meterListener.Dispose();
    }
}
