using Dapper;
using Grpc.Core;
using Involvement.BuildingBlocks.Security;
using Involvement.Payments.V1;

namespace Involvement.FunctionalTests.Payments.Fees;

/// <summary>Fee lines made from attendance published on the real broker.</summary>
public sealed class FeeLineTests(PaymentsFixture fixture) : IClassFixture<PaymentsFixture>
{
    private static readonly DateTimeOffset June = new(2026, 6, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly FeeWorld _world = new(fixture);

    [Fact]
    public async Task An_attendance_makes_one_payable_fee_line_however_often_it_is_delivered_or_replayed()
    {
        var card = await _world.CardAsync(pence: 2000);
        var opportunity = await _world.OpportunityAsync(card.Reference, June);
        var member = await _world.MemberAsync();
        var recorded = FeeWorld.Attended(opportunity, 0, member);

        await _world.PublishAsync(recorded);
        await _world.PublishAsync(recorded);                                          // redelivered
        var replay = recorded with { EventId = Guid.CreateVersion7() };               // replayed under a new event id
        await _world.PublishAsync(replay);
        await _world.HandledAsync("ParticipationRecordedConsumer", recorded.EventId, replay.EventId);
        await fixture.SettledAsync();

        var line = Assert.Single(await _world.LinesAsync(member));
        Assert.Equal((FeeLineState.Payable, 2000L, 1.0, "CC-ONCOLOGY", 0), (line.State, line.AmountPence, line.Units, line.CostCentre, line.Adjustment));
        Assert.Equal(new DateOnly(2025, 1, 1), new DateOnly(line.RateEffectiveFrom.Year, line.RateEffectiveFrom.Month, line.RateEffectiveFrom.Day));
        Assert.Equal((recorded.SessionId.ToString(), opportunity.OpportunityId.ToString()), (line.SessionId, line.OpportunityId));
    }

    [Fact]
    public async Task A_rate_cut_after_publishing_pays_what_was_offered()
    {
        var card = await _world.CardAsync(pence: 2500, from: new DateOnly(2026, 1, 1));
        await _world.Cards().AddRateCardVersionAsync(new AddRateCardVersionRequest
        {
            Reference = card.Reference, ExpectedVersion = 1,
            Terms = new RateTerms { EffectiveFrom = FeeWorld.Day(new DateOnly(2026, 5, 15)), Unit = RateUnit.Session, AmountPence = 2000 },
        });
        var offered = await _world.OpportunityAsync(card.Reference, June, publishedAt: new DateTimeOffset(2026, 5, 1, 12, 0, 0, TimeSpan.Zero));
        var afterCut = await _world.OpportunityAsync(card.Reference, June, publishedAt: new DateTimeOffset(2026, 5, 20, 12, 0, 0, TimeSpan.Zero));
        var member = await _world.MemberAsync();

        await _world.AttendAsync(offered, 0, member);
        await _world.AttendAsync(afterCut, 0, member);

        var lines = await _world.LinesAsync(member);
        Assert.Equal([2500L, 2000L], lines.OrderBy(l => l.OpportunityId == offered.OpportunityId.ToString() ? 0 : 1).Select(l => l.AmountPence));
    }

    [Fact]
    public async Task A_back_dated_rise_reprices_unclaimed_fees_and_leaves_claimed_ones()
    {
        var card = await _world.CardAsync(pence: 2000, from: new DateOnly(2026, 1, 1));
        var opportunity = await _world.OpportunityAsync(card.Reference, June, sessions: 2);
        var member = await _world.MemberAsync();
        var claimed = await _world.AttendAsync(opportunity, 0, member);
        var unclaimed = await _world.AttendAsync(opportunity, 1, member);
        await _world.ClaimAsync(member, "draft", claimed.ParticipationId);

        await _world.Cards().AddRateCardVersionAsync(new AddRateCardVersionRequest
        {
            Reference = card.Reference, ExpectedVersion = 1,
            Terms = new RateTerms { EffectiveFrom = FeeWorld.Day(new DateOnly(2026, 5, 1)), Unit = RateUnit.Session, AmountPence = 2200 },
        });

        Assert.Equal(2200L, (await _world.LineAsync(unclaimed)).AmountPence);
        Assert.Equal(2000L, (await _world.LineAsync(claimed)).AmountPence);
    }

    [Fact]
    public async Task Hours_and_days_are_paid_by_the_cards_unit()
    {
        var hourly = await _world.CardAsync(pence: 1250, unit: RateUnit.Hour);
        var daily = await _world.CardAsync(pence: 15000, unit: RateUnit.Day);
        var byHour = await _world.OpportunityAsync(hourly.Reference, June);
        var byDay = await _world.OpportunityAsync(daily.Reference, June);
        var member = await _world.MemberAsync();

        await _world.AttendAsync(byHour, 0, member, hours: 2.75m);
        await _world.AttendAsync(byDay, 0, member, hours: 3m);

        var lines = await _world.LinesAsync(member);
        Assert.Equal(3438, lines.Single(l => l.RateReference == hourly.Reference).AmountPence);   // 1250 x 2.75 = 3437.5
        var day = lines.Single(l => l.RateReference == daily.Reference);
        Assert.Equal((0.5, 7500L), (day.Units, day.AmountPence));
    }

    [Fact]
    public async Task A_changed_cost_centre_recharges_unclaimed_fees_only()
    {
        var card = await _world.CardAsync();
        var opportunity = await _world.OpportunityAsync(card.Reference, June, sessions: 2);
        var member = await _world.MemberAsync();
        var claimed = await _world.AttendAsync(opportunity, 0, member);
        var unclaimed = await _world.AttendAsync(opportunity, 1, member);
        await _world.ClaimAsync(member, "submitted", claimed.ParticipationId);
        var changed = new Contracts.Recruitment.OpportunityChanged(Guid.CreateVersion7(), DateTimeOffset.UtcNow, opportunity.AggregateVersion + 1,
            opportunity.OpportunityId, opportunity.Title, opportunity.Kind, null, "CC-MENTAL-HEALTH", opportunity.RoleType, null, opportunity.RateReference,
            opportunity.Seats, opportunity.ReserveSeats, false, [], 1, opportunity.Sessions);

        await _world.PublishAsync(changed);
        await _world.HandledAsync("OpportunityChangedConsumer", changed.EventId);

        Assert.Equal("CC-MENTAL-HEALTH", (await _world.LineAsync(unclaimed)).CostCentre);
        Assert.Equal("CC-ONCOLOGY", (await _world.LineAsync(claimed)).CostCentre);
        var older = changed with { EventId = Guid.CreateVersion7(), AggregateVersion = opportunity.AggregateVersion, CostCentre = "CC-STALE" };
        await _world.PublishAsync(older);
        await _world.HandledAsync("OpportunityChangedConsumer", older.EventId);
        Assert.Equal("CC-MENTAL-HEALTH", (await _world.LineAsync(unclaimed)).CostCentre);   // an older change never wins
    }

    [Fact]
    public async Task A_volunteer_card_records_attendance_with_no_fee()
    {
        var card = await _world.CardAsync(pence: 0, unit: RateUnit.None);
        var opportunity = await _world.OpportunityAsync(card.Reference, June);
        var member = await _world.MemberAsync();

        var line = await _world.LineAsync(await _world.AttendAsync(opportunity, 0, member));

        Assert.Equal((FeeLineState.Payable, 0L, 0.0), (line.State, line.AmountPence, line.Units));
    }

    [Fact]
    public async Task An_opportunity_without_a_cost_centre_charges_the_default()
    {
        var card = await _world.CardAsync();
        var opportunity = await _world.OpportunityAsync(card.Reference, June, costCentre: " ");
        var member = await _world.MemberAsync();

        var recorded = await _world.AttendAsync(opportunity, 0, member);

        Assert.Equal("PPI", (await _world.LineAsync(recorded)).CostCentre);
    }

    [Fact]
    public async Task Attendance_before_the_opportunity_is_known_is_priced_and_charged_again_when_it_arrives()
    {
        var card = await _world.CardAsync(pence: 2500, from: new DateOnly(2026, 1, 1));
        await _world.Cards().AddRateCardVersionAsync(new AddRateCardVersionRequest
        {
            Reference = card.Reference, ExpectedVersion = 1,
            Terms = new RateTerms { EffectiveFrom = FeeWorld.Day(new DateOnly(2026, 5, 15)), Unit = RateUnit.Session, AmountPence = 2000 },
        });
        var member = await _world.MemberAsync();
        var published = FeeWorld.Published(card.Reference, June, costCentre: "CC-LATE", publishedAt: new DateTimeOffset(2026, 5, 1, 12, 0, 0, TimeSpan.Zero));
        var recorded = FeeWorld.Attended(published, 0, member);

        await _world.PublishAsync(recorded);                      // the attendance overtakes the publication
        await _world.HandledAsync("ParticipationRecordedConsumer", recorded.EventId);
        var early = await _world.LineAsync(recorded);
        Assert.Equal((2000L, "PPI"), (early.AmountPence, early.CostCentre));
        await _world.PublishAsync(published);
        await _world.HandledAsync("OpportunityPublishedConsumer", published.EventId);

        var late = await _world.LineAsync(recorded);
        Assert.Equal((2500L, "CC-LATE"), (late.AmountPence, late.CostCentre));
    }

    [Fact]
    public async Task A_cancellation_that_overtakes_the_publication_still_lands()
    {
        var card = await _world.CardAsync();
        var cancelled = new Contracts.Recruitment.OpportunityCancelled(Guid.CreateVersion7(), DateTimeOffset.UtcNow, 5, Guid.CreateVersion7(), true);
        await _world.PublishAsync(cancelled);
        await _world.HandledAsync("OpportunityCancelledConsumer", cancelled.EventId);

        var published = await _world.OpportunityAsync(card.Reference, June);
        var late = FeeWorld.Published(card.Reference, June, opportunityId: cancelled.OpportunityId);
        await _world.PublishAsync(late);
        await _world.HandledAsync("OpportunityPublishedConsumer", late.EventId);

        await using var db = fixture.OpenDatabase();
        Assert.True(await db.ExecuteScalarAsync<bool>("select cancelled from opportunities where opportunity_id = @id", new { id = cancelled.OpportunityId }));
        Assert.False(await db.ExecuteScalarAsync<bool>("select cancelled from opportunities where opportunity_id = @id", new { id = published.OpportunityId }));
    }

    [Fact]
    public async Task A_member_who_declines_payment_gets_a_declined_line_with_its_value()
    {
        var card = await _world.CardAsync(pence: 2000);
        var opportunity = await _world.OpportunityAsync(card.Reference, June);
        var member = await _world.MemberAsync();
        await _world.PreferAsync(member, "declined");

        var recorded = await _world.AttendAsync(opportunity, 0, member);

        var line = await _world.LineAsync(recorded);
        Assert.Equal((FeeLineState.Declined, HoldReason.Unspecified, 2000L), (line.State, line.HoldReason, line.AmountPence));
    }

    [Fact]
    public async Task Changing_the_payment_preference_declines_unclaimed_fees_and_back()
    {
        var card = await _world.CardAsync(pence: 2000);
        var opportunity = await _world.OpportunityAsync(card.Reference, June, sessions: 2);
        var member = await _world.MemberAsync();
        var claimed = await _world.AttendAsync(opportunity, 0, member);
        var unclaimed = await _world.AttendAsync(opportunity, 1, member);
        await _world.ClaimAsync(member, "approved", claimed.ParticipationId);
        var payees = new PayeeService.PayeeServiceClient(fixture.Calls(Roles.PpiTeam));
        var payee = (await payees.GetPayeeAsync(new GetPayeeRequest { MemberId = member.ToString() })).Payee;

        payee = (await payees.SetPaymentPreferenceAsync(new SetPaymentPreferenceRequest
        {
            MemberId = member.ToString(), ExpectedVersion = payee.Version, Preference = PaymentPreference.ExpensesOnly,
        })).Payee;

        Assert.Equal(FeeLineState.Declined, (await _world.LineAsync(unclaimed)).State);
        Assert.Equal(FeeLineState.Payable, (await _world.LineAsync(claimed)).State);   // in an approved claim: it stands
        await payees.SetPaymentPreferenceAsync(new SetPaymentPreferenceRequest
        {
            MemberId = member.ToString(), ExpectedVersion = payee.Version, Preference = PaymentPreference.BankTransfer,
        });
        Assert.Equal(FeeLineState.Payable, (await _world.LineAsync(unclaimed)).State);
    }

    [Fact]
    public async Task A_member_lists_their_own_lines_and_no_one_elses()
    {
        var card = await _world.CardAsync();
        var opportunity = await _world.OpportunityAsync(card.Reference, June);
        var member = await _world.MemberAsync();
        var other = await _world.MemberAsync();
        await _world.AttendAsync(opportunity, 0, member);
        await _world.AttendAsync(opportunity, 0, other);

        var own = await _world.Fees(Roles.Member, member.ToString()).ListFeeLinesAsync(new ListFeeLinesRequest());
        var named = await _world.Fees(Roles.Member, member.ToString()).ListFeeLinesAsync(new ListFeeLinesRequest { MemberId = member.ToString() });

        Assert.Equal(member.ToString(), Assert.Single(own.FeeLines).MemberId);
        Assert.Equal(own, named);
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, async () =>
            await _world.Fees(Roles.Member, member.ToString()).ListFeeLinesAsync(new ListFeeLinesRequest { MemberId = other.ToString() }));
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, async () =>
            await _world.Fees(Roles.ReportingConsumer).ListFeeLinesAsync(new ListFeeLinesRequest { MemberId = member.ToString() }));
        await RpcAssert.InvalidFields(async () => await _world.Fees().ListFeeLinesAsync(new ListFeeLinesRequest
        {
            MemberId = "nope", State = FeeLineState.Payable, HoldReason = HoldReason.UnknownRate, PageSize = 500, PageToken = "x",
        }), "member_id", "hold_reason", "page_size", "page_token");
    }

    [Fact]
    public async Task Lists_page_through_every_line_once()
    {
        var card = await _world.CardAsync();
        var opportunity = await _world.OpportunityAsync(card.Reference, June, sessions: 5);
        var member = await _world.MemberAsync();
        for (var i = 0; i < 5; i++)
        {
            await _world.AttendAsync(opportunity, i, member);
        }

        var seen = new List<string>();
        var token = "";
        do
        {
            var page = await _world.Fees(Roles.PpiTeam).ListFeeLinesAsync(new ListFeeLinesRequest { MemberId = member.ToString(), PageSize = 2, PageToken = token });
            Assert.True(page.FeeLines.Count <= 2);
            seen.AddRange(page.FeeLines.Select(l => l.FeeLineId));
            token = page.NextPageToken;
        }
        while (token.Length > 0);

        Assert.Equal(5, seen.Distinct().Count());
        Assert.Equal(5, seen.Count);
    }
}
