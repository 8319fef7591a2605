using Dapper;
using Involvement.TestKit;

namespace Involvement.FunctionalTests.Payments.Payees;

public static class KnownMembers
{
    /// <summary>A member payments has heard of from recruitment's MemberRegistered; their id.</summary>
    public static async Task<string> KnownMemberAsync(this PaymentsFixture fixture, string displayName = "Test Payee")
    {
        var registered = Events.MemberRegistered(displayName: displayName);
        await fixture.MemberEvents.PublishAsync(registered);
        await Eventually.TrueAsync(async () =>
        {
            await using var db = fixture.OpenDatabase();
            return await db.ExecuteScalarAsync<bool>("select exists (select 1 from known_members where member_id = @MemberId)", new { registered.MemberId });
        }, what: "payments to know the member");
        return registered.MemberId.ToString();
    }
}
