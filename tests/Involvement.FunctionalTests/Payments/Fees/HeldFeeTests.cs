using Dapper;
using Grpc.Core;
using Involvement.BuildingBlocks.Security;
using Involvement.Contracts.Recruitment;
using Involvement.Payments.V1;

namespace Involvement.FunctionalTests.Payments.Fees;

/// <summary>Fees are never dropped: held with a visible reason, released when the reason goes or a person resolves it.</summary>
public sealed class HeldFeeTests(PaymentsFixture fixture) : IClassFixture<PaymentsFixture>
{
    private static readonly DateTimeOffset June = new(2026, 6, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly FeeWorld _world = new(fixture);

    [Fact]
    public async Task An_unknown_rate_is_held_and_released_when_the_card_is_created()
    {
        var reference = FeeWorld.NewReference();
        var opportunity = await _world.OpportunityAsync(reference, June);
        var member = await _world.MemberAsync();
        var recorded = await _world.AttendAsync(opportunity, 0, member);
        var held = await _world.LineAsync(recorded);
        Assert.Equal((FeeLineState.Held, HoldReason.UnknownRate, 0L), (held.State, held.HoldReason, held.AmountPence));
        var listed = await _world.Fees(Roles.PpiTeam).ListFeeLinesAsync(new ListFeeLinesRequest { State = FeeLineState.Held, HoldReason = HoldReason.UnknownRate, PageSize = 200 });
        Assert.Contains(listed.FeeLines, l => l.FeeLineId == held.FeeLineId);

        await _world.CardAsync(pence: 2000, reference: reference);

        var released = await _world.LineAsync(recorded);
        Assert.Equal((FeeLineState.Payable, HoldReason.Unspecified, 2000L, "automatic"), (released.State, released.HoldReason, released.AmountPence, released.ResolvedBy));
        Assert.NotNull(released.ResolvedAt);
    }

    [Fact]
    public async Task An_unknown_member_is_held_and_released_when_the_member_arrives()
    {
        var card = await _world.CardAsync(pence: 2000);
        var opportunity = await _world.OpportunityAsync(card.Reference, June);
        var registered = Involvement.TestKit.Events.MemberRegistered();
        var recorded = await _world.AttendAsync(opportunity, 0, registered.MemberId);
        var held = await _world.LineAsync(recorded);
        Assert.Equal((FeeLineState.Held, HoldReason.UnknownMember, 2000L), (held.State, held.HoldReason, held.AmountPence));

        await fixture.MemberEvents.PublishAsync(registered);
        await _world.HandledAsync("MemberArrivedForFeesConsumer", registered.EventId);

        Assert.Equal(FeeLineState.Payable, (await _world.LineAsync(recorded)).State);
    }

    [Fact]
    public async Task Resolving_evaluates_a_held_line_again_and_records_who_did()
    {
        var card = await _world.CardAsync(pence: 2000);
        var opportunity = await _world.OpportunityAsync(card.Reference, June);
        var memberId = Guid.CreateVersion7();
        var recorded = await _world.AttendAsync(opportunity, 0, memberId);
        var held = await _world.LineAsync(recorded);

        var still = (await _world.Fees().ResolveHeldFeeAsync(new ResolveHeldFeeRequest { FeeLineId = held.FeeLineId, ExpectedVersion = held.Version })).FeeLine;
        Assert.Equal((FeeLineState.Held, HoldReason.UnknownMember), (still.State, still.HoldReason));   // nothing changed yet

        // The directory learns the member from a MemberUpdated alone (no registration to release the line).
        var updated = new MemberUpdated(Guid.CreateVersion7(), DateTimeOffset.UtcNow, 2, memberId, "Renamed", null, null);
        await _world.PublishAsync(updated);
        await _world.HandledAsync("MemberUpdatedDirectoryConsumer", updated.EventId);
        var current = await _world.LineAsync(recorded);
        await RpcAssert.FailsWith(StatusCode.Aborted, async () =>
            await _world.Fees().ResolveHeldFeeAsync(new ResolveHeldFeeRequest { FeeLineId = held.FeeLineId, ExpectedVersion = current.Version + 1 }));
        Assert.Equal(FeeLineState.Held, (await _world.LineAsync(recorded)).State);   // a stale resolve changes nothing
        var resolved = (await _world.Fees(Roles.PpiTeam, "ppi-lead").ResolveHeldFeeAsync(new ResolveHeldFeeRequest
        {
            FeeLineId = held.FeeLineId, ExpectedVersion = current.Version,
        })).FeeLine;

        Assert.Equal((FeeLineState.Payable, "ppi-lead"), (resolved.State, resolved.ResolvedBy));
        await RpcAssert.FailsWith(StatusCode.FailedPrecondition, async () =>
            await _world.Fees().ResolveHeldFeeAsync(new ResolveHeldFeeRequest { FeeLineId = held.FeeLineId, ExpectedVersion = resolved.Version }));
        await RpcAssert.FailsWith(StatusCode.NotFound, async () =>
            await _world.Fees().ResolveHeldFeeAsync(new ResolveHeldFeeRequest { FeeLineId = Guid.NewGuid().ToString(), ExpectedVersion = 1 }));
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, async () =>
            await _world.Fees(Roles.Member, memberId.ToString()).ResolveHeldFeeAsync(new ResolveHeldFeeRequest { FeeLineId = held.FeeLineId, ExpectedVersion = 1 }));
        await RpcAssert.InvalidFields(() => _world.Fees().ResolveHeldFeeAsync(new ResolveHeldFeeRequest { FeeLineId = held.FeeLineId }).ResponseAsync,
            "expected_version");
    }

    [Fact]
    public async Task Sessions_over_the_monthly_cap_are_held_and_an_override_with_a_reason_pays_one()
    {
        var card = await _world.CardAsync(pence: 2000, cap: 6);
        var opportunity = await _world.OpportunityAsync(card.Reference, new DateTimeOffset(2026, 6, 1, 9, 0, 0, TimeSpan.Zero), sessions: 4);
        var second = await _world.OpportunityAsync(card.Reference, new DateTimeOffset(2026, 6, 2, 9, 0, 0, TimeSpan.Zero), sessions: 4);
        var member = await _world.MemberAsync();
        for (var i = 3; i >= 0; i--)   // latest first: the cap still holds the latest sessions
        {
            await _world.AttendAsync(opportunity, i, member);
            await _world.AttendAsync(second, i, member);
        }

        var lines = await _world.LinesAsync(member);
        Assert.Equal(6, lines.Count(l => l.State == FeeLineState.Payable));
        var held = lines.Where(l => l.State == FeeLineState.Held).ToList();
        Assert.Equal(2, held.Count);
        Assert.All(held, l => Assert.Equal(HoldReason.OverMonthlyCap, l.HoldReason));
        Assert.Equal(lines.TakeLast(2).Select(l => l.FeeLineId), held.Select(l => l.FeeLineId));   // the month's last two sessions
        var line = held[0];

        await RpcAssert.InvalidFields(async () => await _world.Fees().OverrideMonthlyCapAsync(
            new OverrideMonthlyCapRequest { FeeLineId = line.FeeLineId, ExpectedVersion = line.Version, Reason = " " }), "reason");
        await RpcAssert.FailsWith(StatusCode.Aborted, async () => await _world.Fees().OverrideMonthlyCapAsync(
            new OverrideMonthlyCapRequest { FeeLineId = line.FeeLineId, ExpectedVersion = line.Version + 1, Reason = "Extra sessions agreed" }));
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, async () => await _world.Fees(Roles.Member, member.ToString()).OverrideMonthlyCapAsync(
            new OverrideMonthlyCapRequest { FeeLineId = line.FeeLineId, ExpectedVersion = line.Version, Reason = "Extra sessions agreed" }));
        var paid = (await _world.Fees(Roles.Finance, "finance-lead").OverrideMonthlyCapAsync(
            new OverrideMonthlyCapRequest { FeeLineId = line.FeeLineId, ExpectedVersion = line.Version, Reason = "Extra sessions agreed by the panel chair" })).FeeLine;

        Assert.Equal((FeeLineState.Payable, "Extra sessions agreed by the panel chair", "finance-lead"), (paid.State, paid.CapOverrideReason, paid.CapOverrideBy));
        Assert.NotNull(paid.CapOverrideAt);
        var after = await _world.LinesAsync(member);
        Assert.Equal(7, after.Count(l => l.State == FeeLineState.Payable));   // the override uses none of the cap
        var payable = after.First(l => l.State == FeeLineState.Payable && l.FeeLineId != line.FeeLineId);
        await RpcAssert.FailsWith(StatusCode.FailedPrecondition, async () => await _world.Fees().OverrideMonthlyCapAsync(
            new OverrideMonthlyCapRequest { FeeLineId = payable.FeeLineId, ExpectedVersion = payable.Version, Reason = "Not held" }));
    }

    [Fact]
    public async Task The_cap_counts_calendar_months_in_uk_time()
    {
        var card = await _world.CardAsync(pence: 2000, cap: 1);
        // 23:30 UTC on 30 June is 00:30 on 1 July in London: July's session, not June's.
        var lateJune = await _world.OpportunityAsync(card.Reference, new DateTimeOffset(2026, 6, 30, 23, 30, 0, TimeSpan.Zero));
        var midJune = await _world.OpportunityAsync(card.Reference, new DateTimeOffset(2026, 6, 15, 10, 0, 0, TimeSpan.Zero));
        var member = await _world.MemberAsync();

        var july = await _world.AttendAsync(lateJune, 0, member);
        var june = await _world.AttendAsync(midJune, 0, member);

        Assert.Equal(FeeLineState.Payable, (await _world.LineAsync(july)).State);
        Assert.Equal(FeeLineState.Payable, (await _world.LineAsync(june)).State);
        Assert.Equal(1, (await _world.LineAsync(july)).SessionDate.Day);
        await using var db = fixture.OpenDatabase();
        Assert.Equal(2, await db.ExecuteScalarAsync<int>("select count(*) from fee_lines where member_id = @member", new { member }));
    }
}
