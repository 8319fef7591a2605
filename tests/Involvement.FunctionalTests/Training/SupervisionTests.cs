using Grpc.Core;
using Involvement.BuildingBlocks.Security;
using Involvement.Contracts.Training;
using Involvement.Training.V1;
using static Involvement.FunctionalTests.Training.SupportSteps;

namespace Involvement.FunctionalTests.Training;

public sealed class SupervisionTests(TrainingFixture fixture) : IClassFixture<TrainingFixture>
{
    private SupervisionService.SupervisionServiceClient Supervision(string role = Roles.Trainer, string subject = "test-user") => new(fixture.Calls(role, subject));

    private static RecordSupportSessionRequest Session(DateOnly heldOn, SupportKind kind, params Guid[] attendees) => new()
    {
        IdempotencyKey = Key(), Kind = kind, Format = attendees.Length == 1 ? SupportFormat.Individual : SupportFormat.Group, HeldOn = D(heldOn),
        DurationMinutes = 60, AttendeeIds = { attendees.Select(a => a.ToString()) },
    };

    private async Task<List<SupervisionDue>> OverdueAsync()
    {
        var all = new List<SupervisionDue>();
        var token = "";
        do
        {
            var page = await Supervision(Roles.PpiTeam).ListSupervisionOverdueAsync(new ListSupervisionOverdueRequest { PageSize = 2, PageToken = token });
            all.AddRange(page.Overdue);
            token = page.NextPageToken;
        }
        while (token != "");

        return all;
    }

    [Fact]
    public async Task A_support_session_is_recorded_once_however_often_it_is_asked_and_publishes_members_by_id_only()
    {
        var recorded = await fixture.ProbeAsync<SupervisionRecorded>();
        var (a, b) = (await fixture.MemberAsync(level: 4, activeSince: Today), await fixture.MemberAsync(level: 5, activeSince: Today));
        var request = Session(Today.AddDays(-1), SupportKind.Emotional, a, b);

        var session = (await Supervision().RecordSupportSessionAsync(request)).Session;
        Assert.Equal(session, (await Supervision().RecordSupportSessionAsync(request)).Session);

        Assert.Equal((SupportKind.Emotional, SupportFormat.Group, 2, 60), (session.Kind, session.Format, session.Attendees, session.DurationMinutes));
        await fixture.SettledAsync();
        var e = Assert.Single(recorded.Received, e => e.SupportSessionId == Guid.Parse(session.SupportSessionId));
        Assert.Equal(("emotional", "group", Today.AddDays(-1), 0), (e.Kind, e.Format, e.HeldOn, e.StaffAttended));
        Assert.Equal(new[] { a, b }.Order(), e.MemberIds.Order());
        Assert.DoesNotContain("Test Member", recorded.ReceivedJson.Single(j => j.Contains(session.SupportSessionId, StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Staff_attending_are_counted_never_listed_among_the_members()
    {
        var recorded = await fixture.ProbeAsync<SupervisionRecorded>();
        var member = await fixture.MemberAsync(level: 4, activeSince: Today);
        var staff = Guid.Parse((await fixture.RegisterStaffAsync()).LearnerId);

        var session = (await Supervision().RecordSupportSessionAsync(Session(Today, SupportKind.Supervision, member, staff))).Session;

        await fixture.SettledAsync();
        var e = Assert.Single(recorded.Received, e => e.SupportSessionId == Guid.Parse(session.SupportSessionId));
        Assert.Equal([member], e.MemberIds);
        Assert.Equal(1, e.StaffAttended);
        Assert.Equal([session.SupportSessionId], (await Supervision().ListSupportSessionsAsync(
            new ListSupportSessionsRequest { LearnerId = staff.ToString() })).Sessions.Select(s => s.SupportSessionId));
    }

    [Fact]
    public async Task Bad_sessions_are_refused_field_by_field_and_an_unknown_attendee_is_not_found()
    {
        var a = await fixture.MemberAsync();
        var individualOfTwo = Session(Today, SupportKind.Supervision, a, Guid.NewGuid());
        individualOfTwo.Format = SupportFormat.Individual;

        await RpcAssert.InvalidFields(async () => await Supervision().RecordSupportSessionAsync(individualOfTwo), "attendee_ids");
        await RpcAssert.InvalidFields(async () => await Supervision().RecordSupportSessionAsync(new RecordSupportSessionRequest
        {
            IdempotencyKey = Key(), HeldOn = D(Today.AddDays(1)), DurationMinutes = 1441, AttendeeIds = { a.ToString(), a.ToString(), "nobody" },
        }), "kind", "format", "held_on", "duration_minutes", "attendee_ids", "attendee_ids[2]");
        await RpcAssert.FailsWith(StatusCode.NotFound, async () => await Supervision().RecordSupportSessionAsync(Session(Today, SupportKind.Supervision, Guid.NewGuid())));
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, async () =>
            await Supervision(Roles.Member, a.ToString()).RecordSupportSessionAsync(Session(Today, SupportKind.Supervision, a)));
    }

    [Fact]
    public async Task A_member_reads_only_the_sessions_they_attended_and_sees_only_themselves_among_the_attendees()
    {
        var (a, b, c) = (await fixture.MemberAsync(), await fixture.MemberAsync(), await fixture.MemberAsync());
        var group = (await Supervision().RecordSupportSessionAsync(Session(Today.AddDays(-10), SupportKind.Administrative, a, b))).Session;
        var own = (await Supervision().RecordSupportSessionAsync(Session(Today.AddDays(-2), SupportKind.Supervision, a))).Session;
        await Supervision().RecordSupportSessionAsync(Session(Today.AddDays(-2), SupportKind.Supervision, c));

        var asA = await Supervision(Roles.Member, a.ToString()).ListSupportSessionsAsync(new ListSupportSessionsRequest());
        var asB = await Supervision(Roles.Member, b.ToString()).ListSupportSessionsAsync(new ListSupportSessionsRequest { LearnerId = b.ToString() });
        var supervisionOfA = await Supervision().ListSupportSessionsAsync(new ListSupportSessionsRequest { LearnerId = a.ToString(), Kind = SupportKind.Supervision });
        var lastWeek = await Supervision().ListSupportSessionsAsync(new ListSupportSessionsRequest
        {
            LearnerId = a.ToString(), HeldFrom = D(Today.AddDays(-12)), HeldTo = D(Today.AddDays(-5)),
        });

        Assert.Equal([own.SupportSessionId, group.SupportSessionId], asA.Sessions.Select(s => s.SupportSessionId));
        var seenByB = Assert.Single(asB.Sessions);
        Assert.Equal([b.ToString()], seenByB.AttendeeIds);
        Assert.Equal(2, seenByB.Attendees);
        Assert.Equal([own], supervisionOfA.Sessions);
        Assert.Equal([group], lastWeek.Sessions);
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, async () =>
            await Supervision(Roles.Member, b.ToString()).ListSupportSessionsAsync(new ListSupportSessionsRequest { LearnerId = c.ToString() }));
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, async () =>
            await Supervision(Roles.Member, b.ToString()).ListSupervisionOverdueAsync(new ListSupervisionOverdueRequest()));
    }

    [Fact]
    public async Task Members_at_or_above_the_level_are_overdue_an_interval_after_their_last_supervision_or_reaching_the_level()
    {
        var neverSupervised = await fixture.MemberAsync(level: 4, activeSince: Today.AddMonths(-5));
        var recentlyReached = await fixture.MemberAsync(level: 4, activeSince: Today.AddMonths(-1));
        var supervisedLately = await fixture.MemberAsync(level: 6, activeSince: Today.AddYears(-1));
        var supervisedLongAgo = await fixture.MemberAsync(level: 5, activeSince: Today.AddYears(-1));
        var onlyAdministrative = await fixture.MemberAsync(level: 4, activeSince: Today.AddYears(-1));
        var belowLevel = await fixture.MemberAsync(level: 3, activeSince: Today.AddYears(-1));
        var paused = await fixture.MemberAsync(level: 4, activeSince: Today.AddYears(-1));
        await fixture.PublishStatusAsync(paused, "paused", 3, Today.AddMonths(-1));
        await fixture.StandingAsync(paused, "paused", 4);
        await Supervision().RecordSupportSessionAsync(Session(Today.AddMonths(-1), SupportKind.Supervision, supervisedLately));
        await Supervision().RecordSupportSessionAsync(Session(Today.AddMonths(-4), SupportKind.Supervision, supervisedLongAgo, supervisedLately));
        await Supervision().RecordSupportSessionAsync(Session(Today.AddDays(-5), SupportKind.Administrative, onlyAdministrative));

        var overdue = await OverdueAsync();

        var ids = overdue.Select(d => Guid.Parse(d.MemberId)).ToList();
        Assert.Contains(neverSupervised, ids);
        Assert.Contains(supervisedLongAgo, ids);
        Assert.Contains(onlyAdministrative, ids);
        Assert.DoesNotContain(recentlyReached, ids);
        Assert.DoesNotContain(supervisedLately, ids);
        Assert.DoesNotContain(belowLevel, ids);
        Assert.DoesNotContain(paused, ids);
        var never = overdue.Single(d => d.MemberId == neverSupervised.ToString());
        Assert.Equal((D(Today.AddMonths(-5)), D(Today.AddMonths(-5).AddMonths(3))), (never.AtLevelSince, never.DueOn));
        Assert.Null(never.LastSupervisedOn);
        var longAgo = overdue.Single(d => d.MemberId == supervisedLongAgo.ToString());
        Assert.Equal((D(Today.AddMonths(-4)), D(Today.AddMonths(-4).AddMonths(3)), 5), (longAgo.LastSupervisedOn, longAgo.DueOn, longAgo.Level));
        Assert.Equal(Today.DayNumber - Today.AddMonths(-4).AddMonths(3).DayNumber, longAgo.DaysOverdue);
    }

    [Fact]
    public async Task The_level_follows_the_newest_version_whatever_order_the_events_arrive_in()
    {
        var member = await fixture.MemberAsync(level: 2, activeSince: Today.AddYears(-1));
        await fixture.PublishLevelAsync(member, 5, 5, Today.AddMonths(-4), previous: 3);
        await fixture.PublishLevelAsync(member, 3, 4, Today.AddMonths(-8), previous: 2);   // older, arrives late
        await fixture.StandingAsync(member, "active", 5);
        await fixture.SettledAsync();

        var due = (await OverdueAsync()).Single(d => d.MemberId == member.ToString());

        Assert.Equal((5, D(Today.AddMonths(-4))), (due.Level, due.AtLevelSince));
        await fixture.PublishLevelAsync(member, 3, 6, Today, previous: 5);
        await fixture.StandingAsync(member, "active", 3);
        Assert.DoesNotContain(await OverdueAsync(), d => d.MemberId == member.ToString());
    }
}

/// <summary>Coverage counts every member in the database, so it has a database of its own.</summary>
public sealed class SupervisionCoverageTests(TrainingFixture fixture) : IClassFixture<TrainingFixture>
{
    [Fact]
    public async Task Coverage_counts_who_needs_supervision_and_who_has_it()
    {
        var supervision = new SupervisionService.SupervisionServiceClient(fixture.Calls(Roles.PpiTeam));
        Assert.Equal((0, 0.0), ((await supervision.GetSupervisionCoverageAsync(new())).Needing, (await supervision.GetSupervisionCoverageAsync(new())).CoveredPercent));
        var covered = await fixture.MemberAsync(level: 4, activeSince: Today.AddYears(-1));
        await fixture.MemberAsync(level: 5, activeSince: Today.AddYears(-1));
        await fixture.MemberAsync(level: 7, activeSince: Today.AddYears(-1));
        await fixture.MemberAsync(level: 4, activeSince: Today.AddDays(-10));   // reached the level lately: covered for now
        await fixture.MemberAsync(level: 2, activeSince: Today.AddYears(-1));
        await supervision.RecordSupportSessionAsync(new RecordSupportSessionRequest
        {
            IdempotencyKey = Key(), Kind = SupportKind.Supervision, Format = SupportFormat.Individual, HeldOn = D(Today.AddDays(-7)), DurationMinutes = 50,
            AttendeeIds = { covered.ToString() },
        });

        var coverage = await supervision.GetSupervisionCoverageAsync(new GetSupervisionCoverageRequest());

        Assert.Equal((4, 2, 2, 3, 50.0), (coverage.Needing, coverage.Covered, coverage.Overdue, coverage.NeverSupervised, coverage.CoveredPercent));
        Assert.Equal((4, 3, D(Today)), (coverage.SupervisionLevel, coverage.IntervalMonths, coverage.AsOf));
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, async () =>
            await new SupervisionService.SupervisionServiceClient(fixture.Calls(Roles.ReportingConsumer)).GetSupervisionCoverageAsync(new()));
    }
}
