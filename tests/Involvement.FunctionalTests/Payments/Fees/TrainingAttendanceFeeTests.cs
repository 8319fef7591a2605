using Involvement.Contracts.Training;
using Involvement.Payments.V1;

namespace Involvement.FunctionalTests.Payments.Fees;

/// <summary>Attendance at paid training sessions, published by training on the real broker, paid as participation is.</summary>
public sealed class TrainingAttendanceFeeTests(PaymentsFixture fixture) : IClassFixture<PaymentsFixture>
{
    private static readonly DateTimeOffset June = new(2026, 6, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly FeeWorld _world = new(fixture);

    private static TrainingAttendanceRecorded Attended(Guid sessionId, Guid memberId, string rateReference, string? costCentre = "CC-TRAINING", decimal hours = 5.5m) =>
        new(Guid.CreateVersion7(), DateTimeOffset.UtcNow, 4, FeeWorld.ParticipationId(sessionId, memberId), sessionId, "facilitation", memberId,
            rateReference, costCentre, June, hours);

    [Fact]
    public async Task A_training_attendance_makes_one_fee_line_however_often_it_is_delivered_or_replayed()
    {
        var card = await _world.CardAsync(pence: 1000, unit: RateUnit.Hour);
        var member = await _world.MemberAsync();
        var sessionId = Guid.CreateVersion7();
        var attended = Attended(sessionId, member, card.Reference);

        await _world.PublishAsync(attended);
        await _world.PublishAsync(attended);                                        // redelivered
        var replay = attended with { EventId = Guid.CreateVersion7() };             // replayed under a new event id
        await _world.PublishAsync(replay);
        await _world.HandledAsync("TrainingAttendanceConsumer", attended.EventId, replay.EventId);
        await fixture.SettledAsync();

        var line = Assert.Single(await _world.LinesAsync(member));
        Assert.Equal((FeeLineState.Payable, 5500L, 5.5, "CC-TRAINING", "trainee"), (line.State, line.AmountPence, line.Hours, line.CostCentre, line.RoleType));
        Assert.Equal((attended.AttendanceId.ToString(), sessionId.ToString(), sessionId.ToString()), (line.ParticipationId, line.SessionId, line.OpportunityId));
    }

    [Fact]
    public async Task A_session_without_a_cost_centre_is_charged_to_the_default_and_priced_on_its_date()
    {
        // No publication date for a training session: the version in force on the session's date prices it.
        var card = await _world.CardAsync(pence: 2000, from: new DateOnly(2026, 1, 1));
        await _world.Cards().AddRateCardVersionAsync(new AddRateCardVersionRequest
        {
            Reference = card.Reference, ExpectedVersion = 1,
            Terms = new RateTerms { EffectiveFrom = FeeWorld.Day(new DateOnly(2026, 5, 15)), Unit = RateUnit.Session, AmountPence = 2200 },
        });
        var member = await _world.MemberAsync();
        var attended = Attended(Guid.CreateVersion7(), member, card.Reference, costCentre: null);

        await _world.PublishAsync(attended);
        await _world.HandledAsync("TrainingAttendanceConsumer", attended.EventId);

        var line = Assert.Single(await _world.LinesAsync(member));
        Assert.Equal((2200L, "PPI"), (line.AmountPence, line.CostCentre));
    }

    [Fact]
    public async Task Each_member_of_a_session_gets_their_own_line()
    {
        var card = await _world.CardAsync(pence: 2500);
        var sessionId = Guid.CreateVersion7();
        var first = await _world.MemberAsync();
        var second = await _world.MemberAsync();
        var events = new[] { Attended(sessionId, first, card.Reference), Attended(sessionId, second, card.Reference) };

        foreach (var e in events)
        {
            await _world.PublishAsync(e);
        }

        await _world.HandledAsync("TrainingAttendanceConsumer", [.. events.Select(e => e.EventId)]);
        Assert.Equal(2500L, Assert.Single(await _world.LinesAsync(first)).AmountPence);
        Assert.Equal(2500L, Assert.Single(await _world.LinesAsync(second)).AmountPence);
    }
}
