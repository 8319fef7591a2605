using Involvement.TestKit;
using Involvement.Payments.V1;

namespace Involvement.FunctionalTests.Payments.Fees;

/// <summary>ParticipationCorrected adjusts the one fee for a participation, never a second fee.</summary>
public sealed class CorrectionTests(PaymentsFixture fixture) : IClassFixture<PaymentsFixture>
{
    private static readonly DateTimeOffset June = new(2026, 6, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly FeeWorld _world = new(fixture);

    /// <summary>2 hours at £15 an hour: a £30 fee.</summary>
    private async Task<Contracts.Recruitment.ParticipationRecorded> AttendedHourlyAsync()
    {
        var card = await _world.CardAsync(pence: 1500, unit: RateUnit.Hour);
        var opportunity = await _world.OpportunityAsync(card.Reference, June);
        var member = await _world.MemberAsync();
        return await _world.AttendAsync(opportunity, 0, member, hours: 2);
    }

    private async Task CorrectAsync(Contracts.Recruitment.ParticipationRecorded recorded, bool attended, decimal hours, long version)
    {
        var corrected = FeeWorld.Corrected(recorded, attended, hours, version);
        await _world.PublishAsync(corrected);
        await _world.HandledAsync("ParticipationCorrectedConsumer", corrected.EventId);
    }

    [Fact]
    public async Task An_unpaid_fee_is_repriced_in_place_and_voided_when_the_member_did_not_attend()
    {
        var recorded = await AttendedHourlyAsync();

        await CorrectAsync(recorded, attended: true, hours: 3, version: 3);
        var line = Assert.Single(await _world.LinesAsync(recorded.MemberId));
        Assert.Equal((FeeLineState.Payable, 3.0, 4500L), (line.State, line.Hours, line.AmountPence));

        await CorrectAsync(recorded, attended: false, hours: 0, version: 4);
        line = Assert.Single(await _world.LinesAsync(recorded.MemberId));
        Assert.Equal((FeeLineState.Void, 0L), (line.State, line.AmountPence));

        await CorrectAsync(recorded, attended: true, hours: 1, version: 5);
        line = Assert.Single(await _world.LinesAsync(recorded.MemberId));
        Assert.Equal((FeeLineState.Payable, 1500L), (line.State, line.AmountPence));
    }

    [Fact]
    public async Task A_stale_correction_changes_nothing()
    {
        var recorded = await AttendedHourlyAsync();
        await CorrectAsync(recorded, attended: true, hours: 3, version: 5);

        await CorrectAsync(recorded, attended: true, hours: 1, version: 4);   // older, arriving late
        var replay = recorded with { EventId = Guid.CreateVersion7() };        // the recording, replayed
        await _world.PublishAsync(replay);
        await _world.HandledAsync("ParticipationRecordedConsumer", replay.EventId);

        Assert.Equal(4500L, Assert.Single(await _world.LinesAsync(recorded.MemberId)).AmountPence);
    }

    [Fact]
    public async Task A_correction_that_overtakes_the_recording_makes_the_line_and_the_recording_adds_nothing()
    {
        var card = await _world.CardAsync(pence: 1500, unit: RateUnit.Hour);
        var opportunity = await _world.OpportunityAsync(card.Reference, June);
        var member = await _world.MemberAsync();
        var recorded = FeeWorld.Attended(opportunity, 0, member, hours: 2);

        await CorrectAsync(recorded, attended: true, hours: 2.5m, version: 3);
        await _world.PublishAsync(recorded);
        await _world.HandledAsync("ParticipationRecordedConsumer", recorded.EventId);

        var line = Assert.Single(await _world.LinesAsync(member));
        Assert.Equal((2.5, 3750L), (line.Hours, line.AmountPence));
    }

    [Fact]
    public async Task A_fee_in_a_claim_not_yet_approved_is_repriced_and_the_claim_shows_it()
    {
        var recorded = await AttendedHourlyAsync();
        var claimId = await _world.ClaimAsync(recorded.MemberId, "submitted", recorded.ParticipationId);

        await CorrectAsync(recorded, attended: true, hours: 4, version: 3);

        var line = Assert.Single(await _world.LinesAsync(recorded.MemberId));
        Assert.Equal((claimId.ToString(), 6000L, 4.0), (line.ClaimId, line.AmountPence, line.Units));
    }

    [Fact]
    public async Task A_paid_fee_stands_and_a_correction_adds_a_reversing_line_then_adjusts_that_line()
    {
        var recorded = await AttendedHourlyAsync();
        await _world.ClaimAsync(recorded.MemberId, "paid", recorded.ParticipationId);

        await CorrectAsync(recorded, attended: false, hours: 0, version: 3);
        var lines = await _world.LinesAsync(recorded.MemberId);
        Assert.Equal(2, lines.Count);
        Assert.Equal((3000L, FeeLineState.Payable), (lines[0].AmountPence, lines[0].State));              // paid, untouched
        Assert.Equal((1, -3000L, FeeLineState.Payable, ""), (lines[1].Adjustment, lines[1].AmountPence, lines[1].State, lines[1].ClaimId));

        await CorrectAsync(recorded, attended: true, hours: 3, version: 4);   // the unpaid adjustment takes the difference
        lines = await _world.LinesAsync(recorded.MemberId);
        Assert.Equal(2, lines.Count);
        Assert.Equal((1, 1500L), (lines[1].Adjustment, lines[1].AmountPence));
        Assert.Equal(4500L, lines.Sum(l => l.AmountPence));
    }

    [Fact]
    public async Task Once_an_adjustment_is_paid_too_the_next_correction_adds_another()
    {
        var recorded = await AttendedHourlyAsync();
        await _world.ClaimAsync(recorded.MemberId, "paid", recorded.ParticipationId);
        await CorrectAsync(recorded, attended: true, hours: 3, version: 3);
        var adjustment = (await _world.LinesAsync(recorded.MemberId))[1];
        await using (var db = fixture.OpenDatabase())
        {
            await Dapper.SqlMapper.ExecuteAsync(db,
                "insert into claims (claim_id, reference, member_id, state, created_at, created_by, version) values (@id, 'C-ADJ-' || @id, @member, 'approved', now(), 'test', 1); update fee_lines set claim_id = @id where fee_line_id = @line",
                new { id = Guid.NewGuid(), member = recorded.MemberId, line = Guid.Parse(adjustment.FeeLineId) });
        }

        await CorrectAsync(recorded, attended: true, hours: 2.5m, version: 4);

        var lines = await _world.LinesAsync(recorded.MemberId);
        Assert.Equal([0, 1, 2], lines.Select(l => l.Adjustment));
        Assert.Equal([3000L, 1500L, -750L], lines.Select(l => l.AmountPence));
    }

    [Fact]
    public async Task A_correction_waits_for_an_approval_of_the_claim_holding_the_open_adjustment_and_then_adds_another_line()
    {
        var recorded = await AttendedHourlyAsync();
        await _world.ClaimAsync(recorded.MemberId, "paid", recorded.ParticipationId);
        await CorrectAsync(recorded, attended: true, hours: 3, version: 3);   // adjustment 1: +£15, unclaimed
        var adjustment = await _world.LineAsync(recorded, 1);
        var claimB = Guid.NewGuid();
        await using (var db = fixture.OpenDatabase())
        {
            await Dapper.SqlMapper.ExecuteAsync(db,
                "insert into claims (claim_id, reference, member_id, state, created_at, created_by, version) values (@claimB, 'C-B-' || @claimB, @member, 'submitted', now(), 'test', 1); update fee_lines set claim_id = @claimB where fee_line_id = @line",
                new { claimB, member = recorded.MemberId, line = Guid.Parse(adjustment.FeeLineId) });
        }

        // Claim B's approval in flight: the claim row locked and approved, not yet committed (as ApproveClaim holds it).
        await using var approval = fixture.OpenDatabase();
        await using var approving = await approval.BeginTransactionAsync();
        await Dapper.SqlMapper.ExecuteAsync(approval, "update claims set state = 'approved' where claim_id = @claimB", new { claimB }, approving);
        var corrected = FeeWorld.Corrected(recorded, attended: true, hours: 4, version: 4);
        await _world.PublishAsync(corrected);
        await Eventually.TrueAsync(async () =>
        {
            await using var db = fixture.OpenDatabase();
            return await Dapper.SqlMapper.ExecuteScalarAsync<bool>(db,
                """
                select exists (select 1 from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock')
                    or exists (select 1 from processed_messages where consumer = 'ParticipationCorrectedConsumer' and message_id = @EventId)
                """,
                new { corrected.EventId });
        }, what: "the correction to wait on claim B's lock or finish");
        await approving.CommitAsync();
        await _world.HandledAsync("ParticipationCorrectedConsumer", corrected.EventId);

        var lines = await _world.LinesAsync(recorded.MemberId);
        Assert.Equal([0, 1, 2], lines.Select(l => l.Adjustment));
        Assert.Equal([3000L, 1500L, 1500L], lines.Select(l => l.AmountPence));   // B's line is as approved; the rest is new
    }
}
