using Dapper;
using Grpc.Core;
using Involvement.Contracts.Recruitment;
using Involvement.TestKit;

namespace Involvement.FunctionalTests.Payments;

/// <summary>The member directory as payments and training each keep it, tested through each service's API.</summary>
public abstract class MemberDirectoryTests<TFixture, TEntryPoint>(TFixture fixture)
    where TFixture : MemberDirectoryFixture<TEntryPoint>
    where TEntryPoint : class
{
    [Fact]
    public async Task Learns_a_members_display_name_from_MemberRegistered()
    {
        var registered = Events.MemberRegistered(displayName: "Priya Shah");

        await fixture.MemberEvents.PublishAsync(registered);

        var (name, version) = await Eventually.ValueAsync(() => fixture.GetAsync(registered.MemberId.ToString(), fixture.AllowedRole));
        Assert.Equal("Priya Shah", name);
        Assert.Equal(1, version);
    }

    [Fact]
    public async Task A_redelivered_event_does_not_undo_a_later_change()
    {
        var memberId = Guid.CreateVersion7();
        var first = Events.MemberRegistered(memberId, "First Name", version: 1);
        await fixture.MemberEvents.PublishAsync(first);
        await Eventually.ValueAsync(() => fixture.GetAsync(memberId.ToString(), fixture.AllowedRole));
        await fixture.MemberEvents.PublishAsync(Events.MemberRegistered(memberId, "Second Name", version: 2));
        await Eventually.TrueAsync(async () => (await fixture.GetAsync(memberId.ToString(), fixture.AllowedRole)).DisplayName == "Second Name");

        await fixture.MemberEvents.PublishAsync(first);   // the broker delivers the first event again
        await HandledAfterAsync();

        Assert.Equal(("Second Name", 2L), await fixture.GetAsync(memberId.ToString(), fixture.AllowedRole));
    }

    [Fact]
    public async Task Erases_the_name_when_the_member_is_erased_and_an_older_event_cannot_bring_it_back()
    {
        var erasures = await fixture.ProbeAsync<MemberErased>();
        var memberId = Guid.CreateVersion7();
        var registered = Events.MemberRegistered(memberId, "Dana Whitfield", version: 1);
        await fixture.MemberEvents.PublishAsync(registered);
        await Eventually.ValueAsync(() => fixture.GetAsync(memberId.ToString(), fixture.AllowedRole));

        await erasures.PublishAsync(new MemberErased(Guid.CreateVersion7(), DateTimeOffset.UtcNow, 3, memberId, "consent_withdrawn"));
        await Eventually.TrueAsync(async () => (await fixture.GetAsync(memberId.ToString(), fixture.AllowedRole)).DisplayName == MemberErased.ErasedName,
            what: "the name to be erased");
        var replay = registered with { EventId = Guid.CreateVersion7() };   // a late replay of the registration
        await fixture.MemberEvents.PublishAsync(replay);
        await Eventually.TrueAsync(() => HandledAsync(replay.EventId), what: "the replay to be handled");

        Assert.Equal((MemberErased.ErasedName, 3L), await fixture.GetAsync(memberId.ToString(), fixture.AllowedRole));
    }

    [Fact]
    public async Task An_older_version_never_overwrites_a_newer_one()
    {
        var memberId = Guid.CreateVersion7();
        await fixture.MemberEvents.PublishAsync(Events.MemberRegistered(memberId, "Newer Name", version: 2));
        await Eventually.ValueAsync(() => fixture.GetAsync(memberId.ToString(), fixture.AllowedRole));

        var older = Events.MemberRegistered(memberId, "Older Name", version: 1);
        await fixture.MemberEvents.PublishAsync(older);
        await Eventually.TrueAsync(() => HandledAsync(older.EventId), what: "the older event to be handled");

        Assert.Equal(("Newer Name", 2L), await fixture.GetAsync(memberId.ToString(), fixture.AllowedRole));
    }

    [Fact]
    public async Task Follows_a_display_name_change_whichever_event_arrives_first()
    {
        var updates = await fixture.ProbeAsync<MemberUpdated>();   // a publisher for MemberUpdated in this virtual host
        var memberId = Guid.CreateVersion7();
        var renamed = new MemberUpdated(Guid.CreateVersion7(), DateTimeOffset.UtcNow, 2, memberId, "Renamed", "Acute", "Dover");

        await updates.PublishAsync(renamed);                                                  // the update overtakes...
        await Eventually.TrueAsync(() => HandledAsync(renamed.EventId), what: "the update to be handled");
        var registered = Events.MemberRegistered(memberId, "Original", version: 1);
        await fixture.MemberEvents.PublishAsync(registered);                                  // ...the registration
        await Eventually.TrueAsync(() => HandledAsync(registered.EventId), what: "the registration to be handled");

        Assert.Equal(("Renamed", 2L), await fixture.GetAsync(memberId.ToString(), fixture.AllowedRole));
    }

    [Fact]
    public async Task An_unknown_member_is_not_found()
    {
        var ex = await RpcAssert.FailsWith(StatusCode.NotFound, () => fixture.GetAsync(Guid.NewGuid().ToString(), fixture.AllowedRole));
        Assert.Contains("recruitment", ex.Status.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("12345")]
    public async Task A_malformed_id_is_an_invalid_argument(string memberId)
    {
        await RpcAssert.InvalidFields(() => fixture.GetAsync(memberId, fixture.AllowedRole), fixture.IdField);
    }

    [Fact]
    public async Task Without_a_token_the_call_is_unauthenticated()
    {
        await RpcAssert.FailsWith(StatusCode.Unauthenticated, () => fixture.GetAsync(Guid.NewGuid().ToString(), role: null));
    }

    [Fact]
    public async Task A_role_without_need_is_denied()
    {
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => fixture.GetAsync(Guid.NewGuid().ToString(), fixture.DeniedRole));
    }

    /// <summary>
    /// Waits until an event published after this point has been handled: a repeat that leaves no trace of its own
    /// (it is recognised and skipped) has been taken off the queue before it.
    /// </summary>
    private async Task HandledAfterAsync()
    {
        var sentinel = Events.MemberRegistered(displayName: "Sentinel");
        await fixture.MemberEvents.PublishAsync(sentinel);
        await Eventually.TrueAsync(() => HandledAsync(sentinel.EventId), what: "an event published after the repeat to be handled");
    }

    private async Task<bool> HandledAsync(Guid eventId)
    {
        await using var db = fixture.OpenDatabase();
        return await db.ExecuteScalarAsync<bool>("select exists (select 1 from processed_messages where message_id = @eventId)", new { eventId });
    }
}
