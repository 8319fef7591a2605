using Dapper;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Involvement.BuildingBlocks.Security;
using Involvement.Training.V1;

namespace Involvement.FunctionalTests.Training;

/// <summary>
/// Modules, sessions and learners for enrolment and attendance tests (through the catalogue's API, by the fixture's
/// helpers), certificates as the certificates area writes them, and time passing (a session's days moved into the
/// past). Every test makes its own.
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

    /// <summary>A new module (through the catalogue's API) with these prerequisites.</summary>
    public async Task<string> ModuleAsync(ModuleAudience audience = ModuleAudience.Both, params string[] prerequisites) =>
        (await fixture.CreateModuleAsync(TrainingFixture.ModuleDetails(audience, prerequisites: prerequisites))).Code;

    /// <summary>Retires a module (sessions already scheduled stay).</summary>
    public async Task RetireAsync(string code)
    {
        var module = (await fixture.Modules().GetModuleAsync(new GetModuleRequest { Code = code })).Module;
        module.Details.Status = ModuleStatus.Retired;
        await fixture.Modules().UpdateModuleAsync(new UpdateModuleRequest { Code = code, ExpectedVersion = module.Version, Details = module.Details });
    }

    /// <summary>A session scheduled through the sessions API, its days from <see cref="NextWeek"/>.</summary>
    /// <param name="dayHours">The length of each day, in hours; one 3-hour day when none.</param>
    public async Task<Guid> SessionAsync(
        string moduleCode, int capacity = 10, string? rateReference = null, string? costCentre = null, bool coFacilitated = true, params double[] dayHours)
    {
        var lengths = dayHours.Length == 0 ? [3.0] : dayHours;
        Facilitator[] facilitators = coFacilitated
            ? [TrainingFixture.Facilitating((await fixture.KnownMemberAsync()).ToString(), Expertise.ExpertByExperience),
               TrainingFixture.Facilitating((await fixture.RegisterStaffAsync()).LearnerId, Expertise.ExpertByTraining)]
            : [TrainingFixture.Facilitating((await fixture.RegisterStaffAsync()).LearnerId, Expertise.ExpertByTraining)];
        var details = TrainingFixture.SessionDetails(NextWeek, lengths.Length, capacity, rateReference, costCentre, facilitators);
        for (var i = 0; i < lengths.Length; i++)
        {
            details.Days[i].EndsAt = Timestamp.FromDateTimeOffset(details.Days[i].StartsAt.ToDateTimeOffset().AddHours(lengths[i]));
        }

        return Guid.Parse((await fixture.ScheduleSessionAsync(moduleCode, details)).SessionId);
    }

    public Task<Guid> MemberAsync() => fixture.KnownMemberAsync();

    public async Task<Guid> StaffAsync() => Guid.Parse((await fixture.RegisterStaffAsync()).LearnerId);

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

    public async Task<Session> GetSessionAsync(Guid sessionId) =>
        (await fixture.Sessions().GetSessionAsync(new GetSessionRequest { SessionId = sessionId.ToString() })).Session;

    public async Task<long> SessionVersionAsync(Guid sessionId) => (await GetSessionAsync(sessionId)).Version;

    /// <summary>FAILED_PRECONDITION, with the (type, subject) of each violation.</summary>
    public static async Task<IReadOnlyList<(string Type, string Subject)>> RefusedAsync(Func<Task> call)
    {
        var ex = await RpcAssert.FailsWith(StatusCode.FailedPrecondition, call);
        return [.. ex.GetRpcStatus()!.GetDetail<PreconditionFailure>()!.Violations.Select(v => (v.Type, v.Subject))];
    }
}
