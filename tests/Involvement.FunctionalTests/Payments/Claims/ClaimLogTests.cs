using Dapper;
using Grpc.Core;

namespace Involvement.FunctionalTests.Payments.Claims;

/// <summary>A claim's lifecycle is logged once its change is committed, never for a change rolled back.</summary>
public sealed class ClaimLogTests(ClaimsFixture fixture) : IClassFixture<ClaimsFixture>
{
    private const int ClaimSubmittedEventId = 4300;

    [Fact]
    public async Task A_submission_whose_commit_fails_is_not_logged_as_submitted_and_one_that_commits_is()
    {
        var memberId = await fixture.KnownMemberAsync();
        var member = fixture.MemberClaims(memberId);
        var draft = await member.AddParkingAsync(await member.DraftAsync(memberId), await fixture.SessionAsync(memberId));
        await using (var db = fixture.OpenDatabase())
        {
            // Checked at commit (deferred), after everything the submission does inside its transaction.
            await db.ExecuteAsync(
                $"""
                create function refuse_submission_{memberId:N}() returns trigger language plpgsql as $$
                begin
                    if new.member_id = '{memberId}'::uuid and new.state = 'submitted' and new.version = 3 then
                        raise exception 'refused at commit';
                    end if;
                    return null;
                end $$;
                create constraint trigger refuse_submission_{memberId:N} after update on claims deferrable initially deferred
                    for each row execute function refuse_submission_{memberId:N}();
                """);
        }

        await Assert.ThrowsAsync<RpcException>(() => member.SubmitAsync(draft));

        Assert.DoesNotContain(fixture.Logs.Lines, l => l.EventId.Id == ClaimSubmittedEventId && l.Message.Contains(draft.ClaimId, StringComparison.Ordinal));
        var touched = await member.AddParkingAsync(draft, await fixture.SessionAsync(memberId), 100);   // submitted at version 4 now, which the trigger lets through
        await member.SubmitAsync(touched);
        Assert.Single(fixture.Logs.Lines, l => l.EventId.Id == ClaimSubmittedEventId && l.Message.Contains(draft.ClaimId, StringComparison.Ordinal));
    }
}
