using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Security;
using Involvement.BuildingBlocks.Time;
using Involvement.Contracts.Training;
using Involvement.Training.V1;
using Grpc.Core;

namespace Involvement.FunctionalTests.Training;

/// <summary>RecordAttendance, GetRegister and MarkSessionHeld against the real database and broker.</summary>
public sealed class AttendanceTests(TrainingFixture fixture) : IClassFixture<TrainingFixture>
{
    private readonly EnrolmentWorld _world = new(fixture);

    private Task<RecordAttendanceResponse> RecordAsync(Guid session, int day, params (Guid Learner, bool Attended)[] entries) =>
        _world.Attendance().RecordAttendanceAsync(new RecordAttendanceRequest
        {
            SessionId = session.ToString(), DayNumber = day,
            Entries = { entries.Select(e => new AttendanceEntry { LearnerId = e.Learner.ToString(), Attended = e.Attended }) },
        }).ResponseAsync;

    private async Task<MarkSessionHeldResponse> HoldAsync(Guid session) =>
        await _world.Attendance().MarkSessionHeldAsync(new MarkSessionHeldRequest { SessionId = session.ToString(), ExpectedVersion = await _world.SessionVersionAsync(session) });

    [Fact]
    public async Task A_day_is_recorded_for_enrolled_learners_once_it_has_started_and_can_be_corrected()
    {
        var session = await _world.SessionAsync(await _world.ModuleAsync(), capacity: 1, dayHours: [3, 3]);
        var member = await _world.MemberAsync();
        await _world.EnrolAsync(session, member);
        var waiting = await _world.MemberAsync();
        await _world.EnrolAsync(session, waiting);

        Assert.Equal([("DAY_NOT_STARTED", "1")], await EnrolmentWorld.RefusedAsync(() => RecordAsync(session, 1, (member, true))));
        await _world.MoveDaysAsync(session, EnrolmentWorld.NextWeek - DateTimeOffset.UtcNow + TimeSpan.FromHours(1));   // day 1 began an hour ago

        Assert.Equal([("NOT_ENROLLED", waiting.ToString())], await EnrolmentWorld.RefusedAsync(() => RecordAsync(session, 1, (member, true), (waiting, true))));
        Assert.Equal([("DAY_NOT_STARTED", "2")], await EnrolmentWorld.RefusedAsync(() => RecordAsync(session, 2, (member, true))));
        await RpcAssert.FailsWith(StatusCode.NotFound, () => RecordAsync(session, 3, (member, true)));
        var recorded = Assert.Single((await RecordAsync(session, 1, (member, true))).Records);
        Assert.Equal((member.ToString(), true, EnrolmentWorld.TrainerSubject), (recorded.LearnerId, recorded.Attended, recorded.RecordedBy));

        var corrected = Assert.Single((await RecordAsync(session, 1, (member, false))).Records);
        Assert.False(corrected.Attended);
        var register = (await _world.Attendance().GetRegisterAsync(new GetRegisterRequest { SessionId = session.ToString() })).Records;
        Assert.Equal([(1, member.ToString(), false)], register.Select(r => (r.DayNumber, r.LearnerId, r.Attended)));
    }

    [Fact]
    public async Task A_learner_who_cancelled_after_the_register_was_taken_is_neither_counted_paid_nor_certified()
    {
        var paid = await fixture.ProbeAsync<TrainingAttendanceRecorded>();
        var session = await _world.SessionAsync(await _world.ModuleAsync(), rateReference: "TRAINING-HOURLY", dayHours: [3]);
        var stayed = await _world.MemberAsync();
        var left = await _world.MemberAsync();
        await _world.EnrolAsync(session, stayed);
        var leaving = await _world.EnrolAsync(session, left);
        await _world.PassAsync(session);
        await RecordAsync(session, 1, (stayed, true), (left, true));
        await _world.EnrolmentsAs(left).CancelEnrolmentAsync(new CancelEnrolmentRequest { EnrolmentId = leaving.EnrolmentId, ExpectedVersion = leaving.Version });

        var held = await HoldAsync(session);
        var certificates = (await new CertificateService.CertificateServiceClient(fixture.Calls(Roles.Trainer)).RecordCompletionAsync(new RecordCompletionRequest
        {
            IdempotencyKey = Guid.NewGuid().ToString(), SessionId = session.ToString(),
        })).Certificates;

        Assert.Equal(1, held.MembersAttended);
        Assert.Equal([stayed.ToString()], certificates.Select(c => c.LearnerId));
        await paid.WaitForAsync(p => p.SessionId == session);
        await fixture.SettledAsync();
        Assert.Equal([stayed], paid.Received.Where(p => p.SessionId == session).Select(p => p.MemberId));
    }

    [Fact]
    public async Task A_held_paid_session_publishes_its_delivery_and_one_payable_attendance_per_member_who_came_exactly_once()
    {
        var held = await fixture.ProbeAsync<TrainingSessionHeld>();
        var paid = await fixture.ProbeAsync<TrainingAttendanceRecorded>();
        var module = await _world.ModuleAsync();
        var session = await _world.SessionAsync(module, rateReference: "TRAINING-HOURLY", costCentre: "CC-LEARN", dayHours: [3, 2.5]);
        var both = await _world.MemberAsync();
        var secondDayOnly = await _world.MemberAsync();
        var absent = await _world.MemberAsync();
        var staff = await _world.StaffAsync();
        foreach (var learner in new[] { both, secondDayOnly, absent, staff })
        {
            await _world.EnrolAsync(session, learner);
        }

        await _world.PassAsync(session);
        await RecordAsync(session, 1, (both, true), (secondDayOnly, false), (absent, false), (staff, true));
        await RecordAsync(session, 2, (both, true), (secondDayOnly, true), (staff, true));

        var response = await HoldAsync(session);
        await fixture.SettledAsync();

        Assert.Equal((2L, true, 2, 1, 2), (response.Version, response.CoFacilitated, response.MembersAttended, response.StaffAttended, response.AttendancesPaid));
        var delivered = Assert.Single(held.Received, e => e.SessionId == session);
        Assert.Equal((module, "both", true, 2, 1, 2L), (delivered.ModuleCode, delivered.Audience, delivered.CoFacilitated, delivered.MembersAttended,
            delivered.StaffAttended, delivered.AggregateVersion));
        Assert.Equal(ProtoDates.ToDateOnly(response.HeldOn), delivered.HeldOn);
        var attendances = paid.Received.Where(e => e.SessionId == session).OrderBy(e => e.Hours).ToList();
        Assert.Equal([secondDayOnly, both], attendances.Select(a => a.MemberId));
        Assert.Equal([2.5m, 5.5m], attendances.Select(a => a.Hours));
        Assert.All(attendances, a => Assert.Equal((module, "TRAINING-HOURLY", "CC-LEARN"), (a.ModuleCode, a.RateReference, a.CostCentre)));
        Assert.Equal(StableIds.Of(session, both), attendances[1].AttendanceId);
        Assert.Equal(attendances[0].SessionStartsAt.AddDays(-1), attendances[1].SessionStartsAt);   // from the first day each attended

        // Held once: again with the new version is refused, with the old one aborted, and the register is frozen.
        Assert.Equal([("SESSION_NOT_SCHEDULED", "held")], await EnrolmentWorld.RefusedAsync(() => HoldAsync(session)));
        await RpcAssert.FailsWith(StatusCode.Aborted, () =>
            _world.Attendance().MarkSessionHeldAsync(new MarkSessionHeldRequest { SessionId = session.ToString(), ExpectedVersion = 1 }).ResponseAsync);
        Assert.Equal([("SESSION_NOT_SCHEDULED", "held")], await EnrolmentWorld.RefusedAsync(() => RecordAsync(session, 1, (absent, true))));
        await fixture.SettledAsync();
        Assert.Single(held.Received, e => e.SessionId == session);
        Assert.Equal(2, paid.Received.Count(e => e.SessionId == session));
    }

    [Fact]
    public async Task A_session_without_a_rate_pays_nobody_and_one_without_both_expertises_is_not_co_facilitated()
    {
        var held = await fixture.ProbeAsync<TrainingSessionHeld>();
        var paid = await fixture.ProbeAsync<TrainingAttendanceRecorded>();
        var session = await _world.SessionAsync(await _world.ModuleAsync(), coFacilitated: false);
        var member = await _world.MemberAsync();
        await _world.EnrolAsync(session, member);
        await _world.PassAsync(session);
        await RecordAsync(session, 1, (member, true));

        var response = await HoldAsync(session);
        await fixture.SettledAsync();

        Assert.Equal((false, 1, 0), (response.CoFacilitated, response.MembersAttended, response.AttendancesPaid));
        Assert.False(Assert.Single(held.Received, e => e.SessionId == session).CoFacilitated);
        Assert.DoesNotContain(paid.Received, e => e.SessionId == session);
    }

    [Fact]
    public async Task A_session_is_held_only_once_its_last_day_is_over()
    {
        var session = await _world.SessionAsync(await _world.ModuleAsync(), dayHours: [3, 3]);
        await _world.MoveDaysAsync(session, EnrolmentWorld.NextWeek - DateTimeOffset.UtcNow + TimeSpan.FromHours(4));   // day 1 over, day 2 tomorrow

        Assert.Equal([("DAYS_NOT_OVER", session.ToString())], await EnrolmentWorld.RefusedAsync(() => HoldAsync(session)));
        await RpcAssert.FailsWith(StatusCode.NotFound, () =>
            _world.Attendance().MarkSessionHeldAsync(new MarkSessionHeldRequest { SessionId = Guid.CreateVersion7().ToString(), ExpectedVersion = 1 }).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.NotFound, () =>
            _world.Attendance().GetRegisterAsync(new GetRegisterRequest { SessionId = Guid.CreateVersion7().ToString() }).ResponseAsync);
        Assert.Empty((await _world.Attendance().GetRegisterAsync(new GetRegisterRequest { SessionId = session.ToString() })).Records);
    }

    [Theory]
    [InlineData(Roles.Member)]
    [InlineData(Roles.Finance)]
    [InlineData(Roles.ProjectLead)]
    public async Task Only_trainers_and_the_ppi_team_keep_registers(string role)
    {
        var session = Guid.CreateVersion7().ToString();
        var attendance = _world.Attendance(role, Guid.CreateVersion7().ToString());
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => attendance.RecordAttendanceAsync(new RecordAttendanceRequest
        {
            SessionId = session, DayNumber = 1, Entries = { new AttendanceEntry { LearnerId = Guid.CreateVersion7().ToString(), Attended = true } },
        }).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => attendance.GetRegisterAsync(new GetRegisterRequest { SessionId = session }).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () =>
            attendance.MarkSessionHeldAsync(new MarkSessionHeldRequest { SessionId = session, ExpectedVersion = 1 }).ResponseAsync);
    }

    [Fact]
    public async Task Bad_registers_name_their_fields()
    {
        var learner = Guid.CreateVersion7().ToString();
        await RpcAssert.InvalidFields(() => _world.Attendance().RecordAttendanceAsync(new RecordAttendanceRequest
        {
            SessionId = "x", DayNumber = 0,
            Entries = { new AttendanceEntry { LearnerId = learner }, new AttendanceEntry { LearnerId = learner }, new AttendanceEntry { LearnerId = "bad" } },
        }).ResponseAsync, "session_id", "day_number", "entries[1].learner_id", "entries[2].learner_id");
        await RpcAssert.InvalidFields(() => _world.Attendance().RecordAttendanceAsync(
            new RecordAttendanceRequest { SessionId = Guid.CreateVersion7().ToString(), DayNumber = 1 }).ResponseAsync, "entries");
        await RpcAssert.InvalidFields(() => _world.Attendance().MarkSessionHeldAsync(new MarkSessionHeldRequest()).ResponseAsync,
            "session_id", "expected_version");
    }
}
