using Dapper;
using Google.Rpc;
using Grpc.Core;
using Involvement.BuildingBlocks.Security;
using Involvement.TestKit;
using Involvement.Training.V1;

namespace Involvement.FunctionalTests.Training;

/// <summary>
/// Modules, sessions, learners and certificates for enrolment and attendance tests, written as the catalogue and
/// certificate areas would write them, and time passing (a session's days moved into the past). Every test makes its own.
/// </summary>
public sealed class EnrolmentWorld(TrainingFixture fixture)
{
    public const string TrainerSubject = "trainer-1";

    /// <summary>Days start a week ahead, at 09:00 UTC on consecutive days, three hours each unless given.</summary>
    public static readonly DateTimeOffset NextWeek = new(DateOnly.FromDateTime(DateTime.UtcNow.AddDays(7)), new TimeOnly(9, 0), TimeSpan.Zero);

    public EnrolmentService.EnrolmentServiceClient Enrolments(string? role = Roles.Trainer, string subject = TrainerSubject) =>
        new(fixture.Calls(role, subject));

    public EnrolmentService.EnrolmentServiceClient EnrolmentsAs(Guid member) => new(fixture.Calls(Roles.Member, member.ToString()));

    public AttendanceService.AttendanceServiceClient Attendance(string? role = Roles.Trainer, string subject = TrainerSubject) =>
        new(fixture.Calls(role, subject));

    public async Task<string> ModuleAsync(string audience = "both", string status = "active", params string[] prerequisites)
    {
        var code = $"m-{Guid.NewGuid():N}"[..20];
        await using var db = fixture.OpenDatabase();
        await db.ExecuteAsync(
            """
            insert into modules (code, title, audience, mode, duration_minutes, validity_months, status, version, created_at, created_by, updated_at, updated_by)
            values (@code, 'Test module', @audience, 'in_person', 180, 24, @status, 1, now(), 'test', now(), 'test');
            insert into module_prerequisites (module_code, prerequisite_code) select @code, unnest(@prerequisites);
            """,
            new { code, audience, status, prerequisites });
        return code;
    }

    /// <param name="dayHours">The length of each day, in hours; one 3-hour day when none.</param>
    public async Task<Guid> SessionAsync(
        string moduleCode, int capacity = 10, string? rateReference = null, string? costCentre = null, bool coFacilitated = true, params double[] dayHours)
    {
        var sessionId = Guid.CreateVersion7();
        var lengths = dayHours.Length == 0 ? [3.0] : dayHours;
        await using var db = fixture.OpenDatabase();
        await db.ExecuteAsync(
            """
            insert into training_sessions (session_id, module_code, venue, online, capacity, rate_reference, cost_centre, state, version,
                                           created_at, created_by, updated_at, updated_by)
            values (@sessionId, @moduleCode, 'Room 1', false, @capacity, @rateReference, @costCentre, 'scheduled', 1, now(), 'test', now(), 'test');
            insert into session_days (session_id, day_number, starts_at, ends_at)
            select @sessionId, n, @start + (n - 1) * interval '1 day', @start + (n - 1) * interval '1 day' + make_interval(secs => h * 3600)
            from unnest(@lengths) with ordinality as d (h, n);
            """,
            new { sessionId, moduleCode, capacity, rateReference, costCentre, start = NextWeek.UtcDateTime, lengths });
        var experience = await StaffAsync();
        await db.ExecuteAsync(
            """
            insert into session_facilitators (session_id, learner_id, expertise) values (@sessionId, @experience, 'expert_by_experience');
            insert into session_facilitators (session_id, learner_id, expertise) select @sessionId, @training, 'expert_by_training' where @coFacilitated;
            """,
            new { sessionId, experience, training = await StaffAsync(), coFacilitated });
        return sessionId;
    }

    /// <summary>A member, known to training through recruitment's MemberRegistered.</summary>
    public async Task<Guid> MemberAsync()
    {
        var registered = Events.MemberRegistered();
        await fixture.MemberEvents.PublishAsync(registered);
        await Eventually.TrueAsync(async () =>
        {
            await using var db = fixture.OpenDatabase();
            return await db.ExecuteScalarAsync<bool>("select exists (select 1 from known_members where member_id = @MemberId)", new { registered.MemberId });
        }, what: "training to hear of the member");
        return registered.MemberId;
    }

    public async Task<Guid> StaffAsync()
    {
        var learnerId = Guid.CreateVersion7();
        await using var db = fixture.OpenDatabase();
        await db.ExecuteAsync(
            """
            insert into learners (learner_id, kind, staff_reference, staff_name, version, created_at, created_by, updated_at, updated_by)
            values (@learnerId, 'staff', @reference, 'Staff Person', 1, now(), 'test', now(), 'test')
            """,
            new { learnerId, reference = $"S-{learnerId:N}" });
        return learnerId;
    }

    /// <param name="expiresOn">Null: never expires.</param>
    public async Task CertificateAsync(Guid learnerId, string moduleCode, DateOnly? expiresOn, string kind = "member")
    {
        await using var db = fixture.OpenDatabase();
        await db.ExecuteAsync(
            """
            insert into certificates (certificate_id, number, learner_id, learner_kind, module_code, completed_on, expires_on, source, source_event_id, issued_at, issued_by)
            values (gen_random_uuid(), 'TC-T' || nextval('certificate_numbers'), @learnerId, @kind, @moduleCode, current_date - 400, @expiresOn, 'by_hand',
                    gen_random_uuid(), now(), 'test')
            """,
            new { learnerId, kind, moduleCode, expiresOn });
    }

    /// <summary>Time passes: the session's days move this much earlier.</summary>
    public async Task MoveDaysAsync(Guid sessionId, TimeSpan earlier)
    {
        await using var db = fixture.OpenDatabase();
        await db.ExecuteAsync(
            "update session_days set starts_at = starts_at - @earlier, ends_at = ends_at - @earlier where session_id = @sessionId",
            new { sessionId, earlier });
    }

    /// <summary>Time passes until every day of the session is over.</summary>
    public Task PassAsync(Guid sessionId) => MoveDaysAsync(sessionId, NextWeek - DateTimeOffset.UtcNow + TimeSpan.FromDays(30));

    public async Task<Enrolment> EnrolAsync(Guid sessionId, Guid learnerId) =>
        (await Enrolments().EnrolAsync(new EnrolRequest { IdempotencyKey = Guid.NewGuid().ToString(), SessionId = sessionId.ToString(), LearnerId = learnerId.ToString() }))
        .Enrolment;

    public async Task<IReadOnlyList<Enrolment>> SessionEnrolmentsAsync(Guid sessionId, EnrolmentState state = EnrolmentState.Unspecified) =>
        (await Enrolments().ListEnrolmentsAsync(new ListEnrolmentsRequest { SessionId = sessionId.ToString(), State = state, PageSize = 200 })).Enrolments;

    public async Task<long> SessionVersionAsync(Guid sessionId)
    {
        await using var db = fixture.OpenDatabase();
        return await db.ExecuteScalarAsync<long>("select version from training_sessions where session_id = @sessionId", new { sessionId });
    }

    /// <summary>FAILED_PRECONDITION, with the (type, subject) of each violation.</summary>
    public static async Task<IReadOnlyList<(string Type, string Subject)>> RefusedAsync(Func<Task> call)
    {
        var ex = await RpcAssert.FailsWith(StatusCode.FailedPrecondition, call);
        return [.. ex.GetRpcStatus()!.GetDetail<PreconditionFailure>()!.Violations.Select(v => (v.Type, v.Subject))];
    }
}
