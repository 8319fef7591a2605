using Google.Protobuf.WellKnownTypes;
using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Errors;
using Involvement.BuildingBlocks.Time;
using Involvement.Contracts.Training;
using Involvement.Training.Learners;
using Involvement.Training.Sessions;
using Involvement.Training.V1;

namespace Involvement.Training.Attendance;

/// <summary>
/// The register, and marking a session held. Recording takes the session's row for share and marking held takes it
/// for update, so no attendance lands after the register was counted: what the held events say is what stays recorded.
/// </summary>
public sealed class AttendanceStore(Db db, TimeProvider clock)
{
    /// <summary>Records one day's register for enrolled learners, once the day has started; returns the whole day.</summary>
    public async Task<IReadOnlyList<AttendanceRecord>> RecordAsync(UnitOfWork unit, ValidAttendance register, string actor)
    {
        var state = await unit.QuerySingleOrDefaultAsync<string>(
            "select state from training_sessions where session_id = @SessionId for share", new { register.SessionId })
            ?? throw new NotFoundException($"No training session {register.SessionId}.");
        if (state != "scheduled")
        {
            throw new ConflictException($"Session {register.SessionId} is {state}: its register is closed.",
                [new("SESSION_NOT_SCHEDULED", state, state == "held"
                    ? "The session is held; its register is frozen."
                    : "The session is cancelled; it has no register.")]);
        }

        var startsAt = await unit.QuerySingleOrDefaultAsync<DateTime?>(
            "select starts_at from session_days where session_id = @SessionId and day_number = @DayNumber", new { register.SessionId, register.DayNumber })
            ?? throw new NotFoundException($"Session {register.SessionId} has no day {register.DayNumber}.");
        var now = clock.GetUtcNowForDatabase().UtcDateTime;
        var violations = new List<PreconditionViolation>();
        if (startsAt > now)
        {
            violations.Add(new("DAY_NOT_STARTED", register.DayNumber.ToString(System.Globalization.CultureInfo.InvariantCulture),
                $"Day {register.DayNumber} has not started; its attendance can be recorded once it has."));
        }

        var learnerIds = register.Entries.Select(e => e.LearnerId).ToArray();
        foreach (var learnerId in learnerIds.Distinct().Order())
        {
            await LearnerDirectory.ResolveForChangeAsync(unit, learnerId);   // nothing new about an erased member
        }

        var notEnrolled = await unit.QueryAsync<Guid>(
            """
            select id from unnest(@learnerIds) with ordinality as l (id, n)
            where not exists (select 1 from enrolments e where e.session_id = @SessionId and e.learner_id = l.id and e.state = 'enrolled')
            order by n
            """,
            new { learnerIds, register.SessionId });
        violations.AddRange(notEnrolled.Select(id => new PreconditionViolation("NOT_ENROLLED", id.ToString(), $"Learner {id} is not enrolled on this session.")));
        if (violations.Count > 0)
        {
            throw new ConflictException($"The register of day {register.DayNumber} of session {register.SessionId} cannot be recorded.", violations);
        }

        await unit.ExecuteAsync(
            """
            insert into attendance (session_id, day_number, learner_id, attended, recorded_at, recorded_by)
            select @SessionId, @DayNumber, l.id, l.attended, @now, @actor from unnest(@learnerIds, @attended) as l (id, attended)
            on conflict (session_id, day_number, learner_id) do update
              set attended = excluded.attended, recorded_at = excluded.recorded_at, recorded_by = excluded.recorded_by
            """,
            new { register.SessionId, register.DayNumber, learnerIds, attended = register.Entries.Select(e => e.Attended).ToArray(), now, actor });
        return [.. (await unit.QueryAsync<RecordRow>(
            "select * from attendance where session_id = @SessionId and day_number = @DayNumber order by learner_id",
            new { register.SessionId, register.DayNumber })).Select(r => r.ToMessage())];
    }

    /// <summary>Every day's register of a session, by day and learner.</summary>
    public async Task<IReadOnlyList<AttendanceRecord>> RegisterAsync(Guid sessionId, CancellationToken cancellationToken)
    {
        var rows = await db.QueryAsync<RecordRow>(
            "select * from attendance where session_id = @sessionId order by day_number, learner_id", new { sessionId }, cancellationToken);
        if (rows.Count == 0 && !await db.QuerySingleOrDefaultAsync<bool>(
                "select exists (select 1 from training_sessions where session_id = @sessionId)", new { sessionId }, cancellationToken))
        {
            throw new NotFoundException($"No training session {sessionId}.");
        }

        return [.. rows.Select(r => r.ToMessage())];
    }

    /// <summary>
    /// Marks a scheduled session held once its last day is over, with its events in the same transaction: the state
    /// flip happens once, so they are published once. TrainingAttendanceRecorded goes only for members, only when the
    /// session offers a rate.
    /// </summary>
    public async Task<HeldSession> MarkHeldAsync(UnitOfWork unit, Guid sessionId, long expectedVersion, string actor)
    {
        var session = await unit.QuerySingleOrDefaultAsync<SessionRow>(
            $"""
            select s.session_id, s.module_code, s.state, s.version, s.rate_reference, s.cost_centre, m.audience,
                   (select max(d.ends_at) from session_days d where d.session_id = s.session_id) as last_ends_at,
                   (select max(d.starts_at) from session_days d where d.session_id = s.session_id) as last_starts_at,
                   {SessionStore.CoFacilitatedSql} as co_facilitated
            from training_sessions s join modules m on m.code = s.module_code
            where s.session_id = @sessionId
            for update of s
            """,
            new { sessionId })
            ?? throw new NotFoundException($"No training session {sessionId}.");
        Versions.EnsureCurrent("Session", sessionId, session.Version, expectedVersion);
        var now = clock.GetUtcNowForDatabase();
        if (session.State != "scheduled")
        {
            throw new ConflictException($"Session {sessionId} is {session.State}; only a scheduled session can be marked held.",
                [new("SESSION_NOT_SCHEDULED", session.State, $"The session is {session.State}.")]);
        }

        if (session.LastEndsAt is not { } lastEndsAt || session.LastStartsAt is not { } lastStartsAt || lastEndsAt > now.UtcDateTime)
        {
            throw new ConflictException($"Session {sessionId} is not over yet.",
                [new("DAYS_NOT_OVER", sessionId.ToString(), "A session is marked held once its last day has ended.")]);
        }

        var attendees = AttendanceRules.Attendees((await unit.QueryAsync<DayRow>(
            """
            select a.learner_id, l.kind, a.day_number, d.starts_at, d.ends_at, a.attended
            from attendance a
            join session_days d on d.session_id = a.session_id and d.day_number = a.day_number
            join learners l on l.learner_id = a.learner_id
            -- a learner who cancelled after the register was taken is neither counted, paid nor certified
            join enrolments e on e.session_id = a.session_id and e.learner_id = a.learner_id and e.state = 'enrolled'
            where a.session_id = @sessionId
            """,
            new { sessionId })).Select(d => d.ToDay()));
        var version = session.Version + 1;
        await unit.ExecuteAsync(
            """
            update training_sessions set state = 'held', held_at = @now, version = @version, updated_at = @now, updated_by = @actor
            where session_id = @sessionId
            """,
            new { sessionId, now = now.UtcDateTime, version, actor });

        var heldOn = UkTime.DateOf(new DateTimeOffset(lastStartsAt, TimeSpan.Zero));
        var members = attendees.Count(a => a.IsMember);
        var staff = attendees.Count - members;
        var paid = session.RateReference is { } rate
            ? attendees.Where(a => a.IsMember && a.Hours > 0).Select(a => new TrainingAttendanceRecorded(
                Guid.CreateVersion7(now), now, version, AttendanceRules.AttendanceId(sessionId, a.LearnerId), sessionId, session.ModuleCode, a.LearnerId,
                rate, session.CostCentre, a.FirstStartsAt, a.Hours)).ToList()
            : [];
        await unit.PublishAllAsync([
            new TrainingSessionHeld(Guid.CreateVersion7(now), now, version, sessionId, session.ModuleCode, session.Audience, session.CoFacilitated,
                heldOn, members, staff),
            .. paid]);
        return new HeldSession(sessionId, version, now, heldOn, session.CoFacilitated, members, staff, paid.Count);
    }

    /// <summary>Every day a member's attendance was recorded, for their subject access export.</summary>
    public async Task<IReadOnlyList<AttendanceRecord>> ListForMemberAsync(UnitOfWork unit, Guid memberId) =>
        [.. (await unit.QueryAsync<RecordRow>("select * from attendance where learner_id = @memberId order by session_id, day_number", new { memberId }))
            .Select(r => r.ToMessage())];

    /// <summary>
    /// On erasure: attendance is an anonymous fact (who came is kept for counts and certificates) and holds no free
    /// text; only a register the member recorded themselves loses their id.
    /// </summary>
    public Task EraseMemberAsync(UnitOfWork unit, Guid memberId) =>
        unit.ExecuteAsync("update attendance set recorded_by = 'erasure' where recorded_by = @id", new { id = memberId.ToString() });

    private sealed record SessionRow(
        Guid SessionId, string ModuleCode, string State, long Version, string? RateReference, string? CostCentre, string Audience,
        DateTime? LastEndsAt, DateTime? LastStartsAt, bool CoFacilitated);

    private sealed record DayRow(Guid LearnerId, string Kind, int DayNumber, DateTime StartsAt, DateTime EndsAt, bool Attended)
    {
        public AttendedDay ToDay() =>
            new(LearnerId, Kind, DayNumber, new DateTimeOffset(StartsAt, TimeSpan.Zero), new DateTimeOffset(EndsAt, TimeSpan.Zero), Attended);
    }

    private sealed class RecordRow
    {
        public Guid SessionId { get; init; }
        public int DayNumber { get; init; }
        public Guid LearnerId { get; init; }
        public bool Attended { get; init; }
        public DateTime RecordedAt { get; init; }
        public string RecordedBy { get; init; } = "";

        public AttendanceRecord ToMessage() => new()
        {
            SessionId = SessionId.ToString(),
            DayNumber = DayNumber,
            LearnerId = LearnerId.ToString(),
            Attended = Attended,
            RecordedAt = Timestamp.FromDateTime(RecordedAt),
            RecordedBy = RecordedBy,
        };
    }
}

/// <summary>A session just marked held, and what its register added up to.</summary>
public sealed record HeldSession(
    Guid SessionId, long Version, DateTimeOffset HeldAt, DateOnly HeldOn, bool CoFacilitated, int MembersAttended, int StaffAttended, int AttendancesPaid);
