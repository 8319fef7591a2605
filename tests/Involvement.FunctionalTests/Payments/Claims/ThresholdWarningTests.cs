using Involvement.BuildingBlocks.Security;
using Involvement.Payments.V1;

namespace Involvement.FunctionalTests.Payments.Claims;

/// <summary>Warnings that a claim takes a member's fees past the fixture's weekly (£50) or tax-year (£1,000) threshold.</summary>
public sealed class ThresholdWarningTests(ClaimsFixture fixture) : IClassFixture<ClaimsFixture>
{
    private static readonly DateOnly Monday = new(2025, 6, 2);   // tax year 2025/26

    [Fact]
    public async Task A_claim_over_the_weekly_threshold_warns_the_member_and_the_reviewers_until_approval()
    {
        var memberId = await fixture.KnownMemberAsync();
        for (var day = 0; day < 3; day++)
        {
            await fixture.FeeLineAsync(memberId, 2000, Monday.AddDays(day * 3));   // Monday, Thursday, Sunday
        }

        await fixture.FeeLineAsync(memberId, 2000, Monday.AddDays(7));             // the next week
        var member = fixture.MemberClaims(memberId);
        var draft = await member.DraftAsync(memberId, gather: true);
        var submitted = await member.SubmitAsync(draft);
        var approved = await fixture.Claims(Roles.Finance, "finance-approver").ApproveAsync(submitted);

        var warning = Assert.Single(draft.ThresholdWarnings);
        Assert.Equal((ThresholdWarning.Types.Period.Week, ClaimSteps.Date(Monday), ClaimSteps.Date(Monday.AddDays(6)), 6000L, ClaimsFixture.WeeklyThresholdPence),
            (warning.Period, warning.PeriodStart, warning.PeriodEnd, warning.FeesPence, warning.ThresholdPence));
        Assert.Equal(draft.ThresholdWarnings, submitted.ThresholdWarnings);
        Assert.Equal(draft.ThresholdWarnings, approved.ThresholdWarnings);
        Assert.Equal(draft.ThresholdWarnings, (await fixture.Claims(Roles.PpiTeam).GetAsync(draft.ClaimId)).ThresholdWarnings);
    }

    [Fact]
    public async Task Fees_already_claimed_in_the_tax_year_count_and_expenses_never_do()
    {
        var memberId = await fixture.KnownMemberAsync();
        var member = fixture.MemberClaims(memberId);
        await fixture.FeeLineAsync(memberId, 99_000, new DateOnly(2025, 4, 7));
        var earlier = await member.SubmitAsync(await member.DraftAsync(memberId, gather: true));
        await fixture.FeeLineAsync(memberId, 900, new DateOnly(2026, 4, 5));        // the last day of 2025/26
        var withExpenses = await member.AddParkingAsync(await member.DraftAsync(memberId, gather: true), await fixture.SessionAsync(memberId), 900);
        withExpenses = await member.SubmitAsync(withExpenses);
        await fixture.FeeLineAsync(memberId, 200, new DateOnly(2026, 4, 6));        // 2026/27
        var nextYear = await member.DraftAsync(memberId, gather: true);
        await fixture.FeeLineAsync(memberId, 101, new DateOnly(2026, 1, 1));
        var over = await member.DraftAsync(memberId, gather: true);

        Assert.Empty(withExpenses.ThresholdWarnings);   // £999 of fees; with the £9 of expenses it would be over £1,000
        Assert.Empty(nextYear.ThresholdWarnings);
        var warning = Assert.Single(over.ThresholdWarnings);
        Assert.Equal((ThresholdWarning.Types.Period.TaxYear, 99_000L + 900 + 101, ClaimSteps.Date(new DateOnly(2025, 4, 6))),
            (warning.Period, warning.FeesPence, warning.PeriodStart));
        Assert.Equal(ClaimState.Submitted, earlier.State);
    }
}
