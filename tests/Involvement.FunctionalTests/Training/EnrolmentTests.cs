extern alias TrainingHost;

using Grpc.Core;
using Involvement.BuildingBlocks.Security;
using Involvement.Training.V1;
using Microsoft.Extensions.DependencyInjection;
using HostDb = Involvement.BuildingBlocks.Data.Db;
using HostEnrolments = TrainingHost::Involvement.Training.Enrolments.EnrolmentStore;

namespace Involvement.FunctionalTests.Training;

/// <summary>Enrol, CancelEnrolment and ListEnrolments against the real database.</summary>
public sealed class EnrolmentTests(TrainingFixture fixture) : IClassFixture<TrainingFixture>
{
    private readonly EnrolmentWorld _world = new(fixture);

    [Fact]
    public async Task A_member_enrols_themselves_and_a_full_session_puts_the_next_learners_on_its_waiting_list_in_order()
    {
        var session = await _world.SessionAsync(await _world.ModuleAsync(), capacity: 1);
        var member = await _world.MemberAsync();

        var own = (await _world.EnrolmentsAs(member).EnrolAsync(new EnrolRequest
        {
            IdempotencyKey = "mine", SessionId = session.ToString(), LearnerId = member.ToString(),
        })).Enrolment;
        var second = await _world.EnrolAsync(session, await _world.StaffAsync());
        var third = await _world.EnrolAsync(session, await _world.MemberAsync());

        Assert.Equal((EnrolmentState.Enrolled, 0, 1L), (own.State, own.WaitingPosition, own.Version));
        Assert.NotNull(own.EnrolledAt);
        Assert.Equal([(EnrolmentState.Waiting, 1), (EnrolmentState.Waiting, 2)], [(second.State, second.WaitingPosition), (third.State, third.WaitingPosition)]);
        Assert.Null(second.EnrolledAt);
    }

    [Fact]
    public async Task A_member_who_cancels_their_place_is_not_told_who_took_it()
    {
        var session = await _world.SessionAsync(await _world.ModuleAsync(), capacity: 1);
        var member = await _world.MemberAsync();
        var placed = await _world.EnrolAsync(session, member);
        var waiting = await _world.EnrolAsync(session, await _world.MemberAsync());

        var cancelled = await _world.EnrolmentsAs(member).CancelEnrolmentAsync(new CancelEnrolmentRequest { EnrolmentId = placed.EnrolmentId, ExpectedVersion = placed.Version });

        Assert.Null(cancelled.Promoted);
        Assert.Equal(EnrolmentState.Enrolled, (await _world.SessionEnrolmentsAsync(session)).Single(e => e.EnrolmentId == waiting.EnrolmentId).State);
    }

    [Fact]
    public async Task Cancelling_a_place_promotes_the_first_learner_waiting_and_cancelling_a_wait_promotes_nobody()
    {
        var session = await _world.SessionAsync(await _world.ModuleAsync(), capacity: 1);
        var placed = await _world.EnrolAsync(session, await _world.MemberAsync());
        var first = await _world.EnrolAsync(session, await _world.MemberAsync());
        var second = await _world.EnrolAsync(session, await _world.MemberAsync());
        var third = await _world.EnrolAsync(session, await _world.MemberAsync());

        var waitCancelled = await _world.Enrolments().CancelEnrolmentAsync(new CancelEnrolmentRequest { EnrolmentId = second.EnrolmentId, ExpectedVersion = 1 });
        var cancelled = await _world.Enrolments().CancelEnrolmentAsync(new CancelEnrolmentRequest { EnrolmentId = placed.EnrolmentId, ExpectedVersion = 1 });

        Assert.Null(waitCancelled.Promoted);
        Assert.Equal((EnrolmentState.Cancelled, 2L), (cancelled.Enrolment.State, cancelled.Enrolment.Version));
        Assert.Equal((first.EnrolmentId, EnrolmentState.Enrolled), (cancelled.Promoted.EnrolmentId, cancelled.Promoted.State));
        var listed = (await _world.SessionEnrolmentsAsync(session)).ToDictionary(e => e.EnrolmentId);
        Assert.Equal((EnrolmentState.Waiting, 1), (listed[third.EnrolmentId].State, listed[third.EnrolmentId].WaitingPosition));
        Assert.Equal(EnrolmentState.Cancelled, listed[second.EnrolmentId].State);
        Assert.Equal([first.EnrolmentId], (await _world.SessionEnrolmentsAsync(session, EnrolmentState.Enrolled)).Select(e => e.EnrolmentId));
    }

    [Fact]
    public async Task Places_freed_at_once_go_to_those_waiting_longest_each_exactly_once()
    {
        var session = await _world.SessionAsync(await _world.ModuleAsync(), capacity: 3);
        var placed = new List<Enrolment>();
        for (var i = 0; i < 3; i++)
        {
            placed.Add(await _world.EnrolAsync(session, await _world.MemberAsync()));
        }

        var waiting = new List<Enrolment>();
        for (var i = 0; i < 5; i++)
        {
            waiting.Add(await _world.EnrolAsync(session, await _world.MemberAsync()));
        }

        var cancellations = await Task.WhenAll(placed.Select(p =>
            _world.Enrolments().CancelEnrolmentAsync(new CancelEnrolmentRequest { EnrolmentId = p.EnrolmentId, ExpectedVersion = 1 }).ResponseAsync));

        Assert.Equal(waiting.Take(3).Select(w => w.EnrolmentId).Order(), cancellations.Select(c => c.Promoted.EnrolmentId).Order());
        var enrolled = await _world.SessionEnrolmentsAsync(session, EnrolmentState.Enrolled);
        Assert.Equal(waiting.Take(3).Select(w => w.EnrolmentId), enrolled.Select(e => e.EnrolmentId));
        Assert.Equal([(waiting[3].EnrolmentId, 1), (waiting[4].EnrolmentId, 2)],
            (await _world.SessionEnrolmentsAsync(session, EnrolmentState.Waiting)).Select(e => (e.EnrolmentId, e.WaitingPosition)));
    }

    [Fact]
    public async Task A_raised_capacity_promotes_that_many_from_the_waiting_list_and_sessions_count_both()
    {
        var session = await _world.SessionAsync(await _world.ModuleAsync(), capacity: 1);
        await _world.EnrolAsync(session, await _world.MemberAsync());
        var waiting = new List<Enrolment>();
        for (var i = 0; i < 3; i++)
        {
            waiting.Add(await _world.EnrolAsync(session, await _world.MemberAsync()));
        }

        var before = await _world.GetSessionAsync(session);
        Assert.Equal((1, 3), (before.EnrolledCount, before.WaitingCount));
        var details = new SessionDetails
        {
            Venue = before.Venue, Online = before.Online, Capacity = 3, RateReference = before.RateReference, CostCentre = before.CostCentre,
            Facilitators = { before.Facilitators },
            Days = { before.Days.Select(d => new SessionDay { StartsAt = d.StartsAt, EndsAt = d.EndsAt }) },
        };
        var after = (await fixture.Sessions().UpdateSessionAsync(new UpdateSessionRequest
        {
            SessionId = session.ToString(), ExpectedVersion = before.Version, Details = details,
        })).Session;

        Assert.Equal((3, 1), (after.EnrolledCount, after.WaitingCount));
        Assert.Equal([.. waiting.Take(2).Select(w => w.EnrolmentId)],
            (await _world.SessionEnrolmentsAsync(session, EnrolmentState.Enrolled)).Skip(1).Select(e => e.EnrolmentId));
        var stillWaiting = Assert.Single(await _world.SessionEnrolmentsAsync(session, EnrolmentState.Waiting));
        Assert.Equal((waiting[2].EnrolmentId, 1), (stillWaiting.EnrolmentId, stillWaiting.WaitingPosition));
    }

    [Fact]
    public async Task The_promotion_the_sessions_area_calls_fills_free_places_only()
    {
        var session = await _world.SessionAsync(await _world.ModuleAsync(), capacity: 2);
        await _world.EnrolAsync(session, await _world.MemberAsync());
        var db = fixture.Services.GetRequiredService<HostDb>();
        var store = fixture.Services.GetRequiredService<HostEnrolments>();

        Assert.Empty(await db.InTransactionAsync(unit => store.PromoteAsync(unit, session), CancellationToken.None));
    }

    [Fact]
    public async Task Prerequisites_must_be_held_as_valid_certificates_and_each_missing_one_is_named()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var held = await _world.ModuleAsync();
        var expired = await _world.ModuleAsync();
        var never = await _world.ModuleAsync();
        var session = await _world.SessionAsync(await _world.ModuleAsync(ModuleAudience.Both, held, expired, never));
        var member = await _world.MemberAsync();
        await _world.CertificateAsync(member, held, expiresOn: null);
        await _world.CertificateAsync(member, expired, expiresOn: today.AddDays(-2));
        await _world.CertificateAsync(await _world.MemberAsync(), never, expiresOn: null);   // someone else's does not count

        var refused = await EnrolmentWorld.RefusedAsync(() => _world.EnrolAsync(session, member));

        Assert.Equal([("PREREQUISITE_MISSING", expired), ("PREREQUISITE_MISSING", never)], refused.OrderBy(r => r.Subject == expired ? 0 : 1));
        await _world.CertificateAsync(member, never, expiresOn: today.AddDays(30));
        Assert.Equal([("PREREQUISITE_MISSING", expired)], await EnrolmentWorld.RefusedAsync(() => _world.EnrolAsync(session, member)));
    }

    [Fact]
    public async Task A_modules_audience_decides_which_kinds_of_learner_may_enrol()
    {
        var staffOnly = await _world.SessionAsync(await _world.ModuleAsync(ModuleAudience.Staff));
        var membersOnly = await _world.SessionAsync(await _world.ModuleAsync(ModuleAudience.ServiceUsersAndCarers));
        var member = await _world.MemberAsync();
        var staff = await _world.StaffAsync();

        Assert.Equal([("AUDIENCE", "staff")], await EnrolmentWorld.RefusedAsync(() => _world.EnrolAsync(staffOnly, member)));
        Assert.Equal([("AUDIENCE", "service_users_and_carers")], await EnrolmentWorld.RefusedAsync(() => _world.EnrolAsync(membersOnly, staff)));
        Assert.Equal(EnrolmentState.Enrolled, (await _world.EnrolAsync(staffOnly, staff)).State);
        Assert.Equal(EnrolmentState.Enrolled, (await _world.EnrolAsync(membersOnly, member)).State);
    }

    [Fact]
    public async Task A_retired_module_a_cancelled_session_and_members_once_it_started_are_refused()
    {
        var retired = await _world.ModuleAsync();
        var retiredSession = await _world.SessionAsync(retired);
        await _world.RetireAsync(retired);
        var started = await _world.SessionAsync(await _world.ModuleAsync(), dayHours: [3, 3]);
        await _world.MoveDaysAsync(started, EnrolmentWorld.NextWeek - DateTimeOffset.UtcNow + TimeSpan.FromHours(1));
        var cancelled = await _world.SessionAsync(await _world.ModuleAsync());
        await fixture.Sessions().CancelSessionAsync(new CancelSessionRequest
        {
            SessionId = cancelled.ToString(), ExpectedVersion = await _world.SessionVersionAsync(cancelled), Reason = "Venue closed",
        });

        var member = await _world.MemberAsync();

        Assert.Equal([("MODULE_RETIRED", retired)], await EnrolmentWorld.RefusedAsync(() => _world.EnrolAsync(retiredSession, member)));
        var ownRequest = new EnrolRequest { IdempotencyKey = Guid.NewGuid().ToString(), SessionId = started.ToString(), LearnerId = member.ToString() };
        Assert.Equal([("SESSION_STARTED", started.ToString())], await EnrolmentWorld.RefusedAsync(() => _world.EnrolmentsAs(member).EnrolAsync(ownRequest).ResponseAsync));
        Assert.Equal(EnrolmentState.Enrolled, (await _world.EnrolAsync(started, member)).State);   // a trainer adds a walk-in until it is held
        Assert.Equal([("SESSION_NOT_SCHEDULED", "cancelled")], await EnrolmentWorld.RefusedAsync(() => _world.EnrolAsync(cancelled, member)));
        await RpcAssert.FailsWith(StatusCode.NotFound, () => _world.EnrolAsync(Guid.CreateVersion7(), member));
        await RpcAssert.FailsWith(StatusCode.NotFound, () => _world.EnrolAsync(started, Guid.CreateVersion7()));   // no such learner
    }

    [Fact]
    public async Task A_learner_enrols_once_per_session_and_again_after_cancelling()
    {
        var session = await _world.SessionAsync(await _world.ModuleAsync());
        var member = await _world.MemberAsync();
        var first = await _world.EnrolAsync(session, member);

        await RpcAssert.FailsWith(StatusCode.AlreadyExists, () => _world.EnrolAsync(session, member));
        await _world.Enrolments().CancelEnrolmentAsync(new CancelEnrolmentRequest { EnrolmentId = first.EnrolmentId, ExpectedVersion = 1 });
        var again = await _world.EnrolAsync(session, member);

        Assert.NotEqual(first.EnrolmentId, again.EnrolmentId);
        Assert.Equal(EnrolmentState.Enrolled, again.State);
        var mine = (await _world.Enrolments().ListEnrolmentsAsync(new ListEnrolmentsRequest { LearnerId = member.ToString() })).Enrolments;
        Assert.Equal([EnrolmentState.Cancelled, EnrolmentState.Enrolled], mine.Select(e => e.State));
    }

    [Fact]
    public async Task A_retried_enrolment_with_the_same_key_answers_the_same_and_enrols_once()
    {
        var session = await _world.SessionAsync(await _world.ModuleAsync());
        var member = await _world.MemberAsync();
        var request = new EnrolRequest { IdempotencyKey = "retry-me", SessionId = session.ToString(), LearnerId = member.ToString() };

        var first = (await _world.Enrolments().EnrolAsync(request)).Enrolment;
        var retry = (await _world.Enrolments().EnrolAsync(request)).Enrolment;

        Assert.Equal(first, retry);
        Assert.Single(await _world.SessionEnrolmentsAsync(session));
        await RpcAssert.FailsWith(StatusCode.AlreadyExists, () => _world.Enrolments().EnrolAsync(
            new EnrolRequest { IdempotencyKey = "retry-me", SessionId = session.ToString(), LearnerId = Guid.CreateVersion7().ToString() }).ResponseAsync);
    }

    [Fact]
    public async Task A_stale_version_is_aborted_and_a_cancelled_enrolment_cannot_be_cancelled_again()
    {
        var session = await _world.SessionAsync(await _world.ModuleAsync());
        var enrolment = await _world.EnrolAsync(session, await _world.MemberAsync());

        await RpcAssert.FailsWith(StatusCode.Aborted, () =>
            _world.Enrolments().CancelEnrolmentAsync(new CancelEnrolmentRequest { EnrolmentId = enrolment.EnrolmentId, ExpectedVersion = 7 }).ResponseAsync);
        await _world.Enrolments().CancelEnrolmentAsync(new CancelEnrolmentRequest { EnrolmentId = enrolment.EnrolmentId, ExpectedVersion = 1 });
        Assert.Equal([("ENROLMENT_CANCELLED", enrolment.EnrolmentId)], await EnrolmentWorld.RefusedAsync(() =>
            _world.Enrolments().CancelEnrolmentAsync(new CancelEnrolmentRequest { EnrolmentId = enrolment.EnrolmentId, ExpectedVersion = 2 }).ResponseAsync));
    }

    [Fact]
    public async Task A_member_acts_on_their_own_enrolments_only_and_learns_nothing_of_anyone_elses()
    {
        var session = await _world.SessionAsync(await _world.ModuleAsync());
        var member = await _world.MemberAsync();
        var other = await _world.MemberAsync();
        var theirs = await _world.EnrolAsync(session, other);
        var mine = await _world.EnrolAsync(session, member);
        var asMember = _world.EnrolmentsAs(member);

        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => asMember.EnrolAsync(
            new EnrolRequest { IdempotencyKey = "k", SessionId = session.ToString(), LearnerId = other.ToString() }).ResponseAsync);
        var someoneElses = await RpcAssert.FailsWith(StatusCode.PermissionDenied, () =>
            asMember.CancelEnrolmentAsync(new CancelEnrolmentRequest { EnrolmentId = theirs.EnrolmentId, ExpectedVersion = 1 }).ResponseAsync);
        var nobodys = await RpcAssert.FailsWith(StatusCode.PermissionDenied, () =>
            asMember.CancelEnrolmentAsync(new CancelEnrolmentRequest { EnrolmentId = Guid.CreateVersion7().ToString(), ExpectedVersion = 1 }).ResponseAsync);
        Assert.Equal(someoneElses.Status.Detail, nobodys.Status.Detail);
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () =>
            asMember.ListEnrolmentsAsync(new ListEnrolmentsRequest { LearnerId = other.ToString() }).ResponseAsync);

        // Listing a session as a member shows their own enrolment only.
        var listed = (await asMember.ListEnrolmentsAsync(new ListEnrolmentsRequest { SessionId = session.ToString() })).Enrolments;
        Assert.Equal([mine.EnrolmentId], listed.Select(e => e.EnrolmentId));
        Assert.Equal(EnrolmentState.Cancelled, (await asMember.CancelEnrolmentAsync(
            new CancelEnrolmentRequest { EnrolmentId = mine.EnrolmentId, ExpectedVersion = 1 })).Enrolment.State);
        await RpcAssert.FailsWith(StatusCode.NotFound, () =>
            _world.Enrolments().CancelEnrolmentAsync(new CancelEnrolmentRequest { EnrolmentId = Guid.CreateVersion7().ToString(), ExpectedVersion = 1 }).ResponseAsync);
    }

    [Theory]
    [InlineData(Roles.Finance)]
    [InlineData(Roles.ReportingConsumer)]
    [InlineData(Roles.ProjectLead)]
    public async Task Other_roles_may_not_enrol_or_list(string role)
    {
        var session = await _world.SessionAsync(await _world.ModuleAsync());
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => _world.Enrolments(role).EnrolAsync(
            new EnrolRequest { IdempotencyKey = "k", SessionId = session.ToString(), LearnerId = Guid.CreateVersion7().ToString() }).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () =>
            _world.Enrolments(role).ListEnrolmentsAsync(new ListEnrolmentsRequest { SessionId = session.ToString() }).ResponseAsync);
    }

    [Fact]
    public async Task Bad_requests_name_their_fields()
    {
        await RpcAssert.InvalidFields(() => _world.Enrolments().EnrolAsync(new EnrolRequest { SessionId = "nope" }).ResponseAsync,
            "idempotency_key", "session_id", "learner_id");
        await RpcAssert.InvalidFields(() => _world.Enrolments().CancelEnrolmentAsync(new CancelEnrolmentRequest()).ResponseAsync,
            "enrolment_id", "expected_version");
        await RpcAssert.InvalidFields(() => _world.Enrolments().ListEnrolmentsAsync(
            new ListEnrolmentsRequest { State = (EnrolmentState)42, PageSize = -1, PageToken = "x" }).ResponseAsync,
            "state", "page_size", "page_token", "session_id");
    }

    [Fact]
    public async Task Lists_page_through_a_sessions_enrolments()
    {
        var session = await _world.SessionAsync(await _world.ModuleAsync(), capacity: 2);
        var made = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            made.Add((await _world.EnrolAsync(session, await _world.MemberAsync())).EnrolmentId);
        }

        var seen = new List<Enrolment>();
        var token = "";
        do
        {
            var page = await _world.Enrolments().ListEnrolmentsAsync(new ListEnrolmentsRequest { SessionId = session.ToString(), PageSize = 2, PageToken = token });
            Assert.True(page.Enrolments.Count <= 2);
            seen.AddRange(page.Enrolments);
            token = page.NextPageToken;
        }
        while (token.Length > 0);

        Assert.Equal(made, seen.Select(e => e.EnrolmentId));
        Assert.Equal([0, 0, 1, 2, 3], seen.Select(e => e.WaitingPosition));
    }
}
