using Involvement.BuildingBlocks.Security;
using Involvement.Payments.V1;

namespace Involvement.FunctionalTests.Payments.Claims;

public sealed class ClaimListTests(ClaimsFixture fixture) : IClassFixture<ClaimsFixture>
{
    [Fact]
    public async Task Lists_filter_by_state_member_and_cost_centre_a_page_at_a_time()
    {
        var memberId = await fixture.KnownMemberAsync();
        var member = fixture.MemberClaims(memberId);
        var draft = await member.DraftAsync(memberId);
        var submitted = await fixture.SubmittedByMemberAsync(memberId);
        var elsewhere = await member.AddParkingAsync(await member.DraftAsync(memberId), await fixture.SessionAsync(memberId, costCentre: "CC-ELSEWHERE-" + memberId.ToString("N")[..6]));

        var mine = await AllAsync(fixture.Claims(Roles.Finance), new ListClaimsRequest { MemberId = memberId.ToString(), PageSize = 1 });
        var submittedOnly = await AllAsync(member, new ListClaimsRequest { State = ClaimState.Submitted });
        var byCostCentre = await AllAsync(fixture.Claims(), new ListClaimsRequest { CostCentre = elsewhere.ExpenseLines[0].CostCentre });

        Assert.Equal(new[] { elsewhere.ClaimId, submitted.ClaimId, draft.ClaimId }, mine.Select(c => c.ClaimId));   // newest first
        Assert.Equal([submitted.ClaimId], submittedOnly.Select(c => c.ClaimId));
        Assert.Equal([elsewhere.ClaimId], byCostCentre.Select(c => c.ClaimId));
        var summary = Assert.Single(submittedOnly);
        Assert.Equal((600L, submitted.DueOn), (summary.TotalPence, summary.DueOn));
        Assert.Equal([ClaimsFixture.CostCentre], summary.CostCentres);
    }

    [Fact]
    public async Task Overdue_claims_are_listed_and_marked()
    {
        var memberId = await fixture.KnownMemberAsync();
        var late = await fixture.SubmittedByMemberAsync(memberId);
        var onTime = await fixture.SubmittedByMemberAsync(memberId);
        var lateDraft = await fixture.MemberClaims(memberId).DraftAsync(memberId);
        await using (var db = fixture.OpenDatabase())
        {
            // Time passes: the claim was submitted 20 days ago, so it was due six days ago. A draft is never overdue.
            await Dapper.SqlMapper.ExecuteAsync(db, "update claims set due_on = current_date - 6 where claim_id = any(@ids)",
                new { ids = new[] { Guid.Parse(late.ClaimId), Guid.Parse(lateDraft.ClaimId) } });
        }

        var overdue = await AllAsync(fixture.Claims(Roles.Finance), new ListClaimsRequest { MemberId = memberId.ToString(), OverdueOnly = true });

        Assert.Equal([late.ClaimId], overdue.Select(c => c.ClaimId));
        Assert.True(overdue[0].Overdue);
        Assert.True((await fixture.Claims().GetAsync(late.ClaimId)).Overdue);
        Assert.False((await fixture.Claims().GetAsync(onTime.ClaimId)).Overdue);
    }

    [Fact]
    public async Task A_member_lists_only_their_own_claims()
    {
        var memberId = await fixture.KnownMemberAsync();
        var own = await fixture.SubmittedByMemberAsync(memberId);
        await fixture.SubmittedByMemberAsync();

        var listed = await AllAsync(fixture.MemberClaims(memberId), new ListClaimsRequest());

        Assert.Equal([own.ClaimId], listed.Select(c => c.ClaimId));
    }

    private static async Task<List<ClaimSummary>> AllAsync(ClaimService.ClaimServiceClient client, ListClaimsRequest request)
    {
        var all = new List<ClaimSummary>();
        do
        {
            var page = await client.ListClaimsAsync(request);
            all.AddRange(page.Claims);
            request.PageToken = page.NextPageToken;
        }
        while (request.PageToken.Length > 0);
        return all;
    }
}
