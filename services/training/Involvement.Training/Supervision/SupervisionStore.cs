using Google.Protobuf.WellKnownTypes;
using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Time;
using Involvement.Contracts.Training;
using Involvement.Training.Learners;
using Involvement.Training.Members;
using Involvement.Training.V1;
using Microsoft.Extensions.Options;

namespace Involvement.Training.Supervision;

/// <summary>Support sessions and who attended them, and who needs supervision by when.</summary>
public sealed class SupervisionStore(Db db, TimeProvider clock, IOptions<TrainingOptions> options)
{
    public const string SessionTokenList = "support-sessions";
    public const string OverdueTokenList = "supervision-overdue";

    private const string SelectSessions =
        """
        select s.support_session_id, s.kind, s.format, s.held_on, s.duration_minutes, s.recorded_at, s.recorded_by,
            array(select a.learner_id from support_session_attendees a where a.support_session_id = s.support_session_id order by a.learner_id) as attendee_ids
        from support_sessions s
        """;

    /// <summary>Records the session and publishes SupervisionRecorded (members by id, staff counted) in the same transaction.</summary>
    public async Task<SupportSession> RecordAsync(UnitOfWork unit, ValidSupportSession session, string actor)
    {
        var attendees = new List<LearnerRef>();
        foreach (var id in session.AttendeeIds)
        {
            attendees.Add(await LearnerDirectory.ResolveForChangeAsync(unit, id));
        }

        var now = clock.GetUtcNowForDatabase();
        var id7 = Guid.CreateVersion7(now);
        var kind = CodeNames.Of(session.Kind);
        var format = CodeNames.Of(session.Format);
        await unit.ExecuteAsync(
            """
            insert into support_sessions (support_session_id, kind, format, held_on, duration_minutes, recorded_at, recorded_by)
            values (@id7, @kind, @format, @HeldOn, @DurationMinutes, @now, @actor);
            insert into support_session_attendees (support_session_id, learner_id) select @id7, unnest(@ids)
            """,
            new { id7, kind, format, session.HeldOn, session.DurationMinutes, now = now.UtcDateTime, actor, ids = session.AttendeeIds.ToArray() });
        await unit.PublishAsync(new SupervisionRecorded(Guid.CreateVersion7(now), now, 1, id7, kind, format, session.HeldOn,
            [.. attendees.Where(a => a.IsMember).Select(a => a.LearnerId)], attendees.Count(a => !a.IsMember)));
        return (await unit.QueryAsync<SessionRow>($"{SelectSessions} where s.support_session_id = @id7", new { id7 })).Single().ToMessage(null);
    }

    /// <param name="ownOnly">The member the caller is confined to: only sessions they attended, showing only them as an attendee.</param>
    public async Task<Page<SupportSession>> ListAsync(
        Guid? learnerId, SupportKind kind, DateOnly? from, DateOnly? to, Guid? ownOnly, int pageSize, Guid? before, CancellationToken cancellationToken)
    {
        var rows = await db.QueryAsync<SessionRow>(
            $"""
            {SelectSessions}
            where (@before::uuid is null or s.support_session_id < @before)
              and (@learnerId::uuid is null or exists (select 1 from support_session_attendees a where a.support_session_id = s.support_session_id and a.learner_id = @learnerId))
              and (@ownOnly::uuid is null or exists (select 1 from support_session_attendees a where a.support_session_id = s.support_session_id and a.learner_id = @ownOnly))
              and (@kind::text is null or s.kind = @kind)
              and (@from::date is null or s.held_on >= @from)
              and (@to::date is null or s.held_on <= @to)
            order by s.support_session_id desc limit @limit
            """,
            new { before, learnerId, ownOnly, kind = kind == SupportKind.Unspecified ? null : CodeNames.Of(kind), from, to, limit = pageSize + 1 },
            cancellationToken);
        return Page.Of(rows, pageSize, SessionTokenList, r => r.SupportSessionId).Select(r => r.ToMessage(ownOnly));
    }

    /// <summary>Active members at or above the supervision level, with when each is due, by member id.</summary>
    public async Task<IReadOnlyList<SupervisionDue>> NeedingSupervisionAsync(CancellationToken cancellationToken)
    {
        var level = options.Value.SupervisionLevel;
        var interval = options.Value.SupervisionIntervalMonths;
        var today = clock.Today();
        var members = await db.QueryAsync<NeedRow>(
            $"""
            select s.member_id, {LearnerNames.Name("n")} as name, s.level,
                (select max(ss.held_on) from support_session_attendees a join support_sessions ss on ss.support_session_id = a.support_session_id
                 where a.learner_id = s.member_id and ss.kind = 'supervision') as last_supervised_on
            from member_standing s {LearnerNames.Join("n", "s.member_id")}
            where s.status = 'active' and s.level >= @level
            order by s.member_id
            """,
            new { level }, cancellationToken);
        var histories = (await db.QueryAsync<LevelRow>(
            "select member_id, aggregate_version, level, changed_on from member_levels where member_id = any(@ids)",
            new { ids = members.Select(m => m.MemberId).ToArray() }, cancellationToken))
            .ToLookup(r => r.MemberId, r => new LevelChange(r.AggregateVersion, r.Level, r.ChangedOn));
        var due = new List<SupervisionDue>();
        foreach (var m in members)
        {
            if (SupervisionRules.AtOrAboveSince(histories[m.MemberId], level) is not { } since)
            {
                continue;
            }

            var dueOn = SupervisionRules.DueOn(since, m.LastSupervisedOn, interval);
            due.Add(new SupervisionDue
            {
                MemberId = m.MemberId.ToString(), Name = m.Name, Level = m.Level, AtLevelSince = ProtoDates.ToProto(since),
                LastSupervisedOn = ProtoDates.ToProto(m.LastSupervisedOn), DueOn = ProtoDates.ToProto(dueOn),
                DaysOverdue = Math.Max(0, today.DayNumber - dueOn.DayNumber),
            });
        }

        return due;
    }

    /// <summary>Subject access: the support sessions the member attended (showing only them among the attendees).</summary>
    public async Task<IReadOnlyList<SupportSession>> ListForMemberAsync(UnitOfWork unit, Guid memberId) =>
        [.. (await unit.QueryAsync<SessionRow>(
                $"""
                {SelectSessions}
                where exists (select 1 from support_session_attendees a where a.support_session_id = s.support_session_id and a.learner_id = @memberId)
                order by s.support_session_id
                """, new { memberId }))
            .Select(r => r.ToMessage(memberId))];

    /// <summary>
    /// Erasure: support sessions hold no free text and no names (only who attended, by id), and the counts they feed
    /// are anonymous; there is nothing to remove here.
    /// </summary>
    public Task EraseMemberAsync(UnitOfWork unit, Guid memberId) => Task.CompletedTask;

    private sealed class SessionRow
    {
        public Guid SupportSessionId { get; init; }
        public string Kind { get; init; } = "";
        public string Format { get; init; } = "";
        public DateOnly HeldOn { get; init; }
        public int DurationMinutes { get; init; }
        public DateTime RecordedAt { get; init; }
        public string RecordedBy { get; init; } = "";
        public Guid[] AttendeeIds { get; init; } = [];

        public SupportSession ToMessage(Guid? onlyShow) => new()
        {
            SupportSessionId = SupportSessionId.ToString(), Kind = CodeNames.Parse<SupportKind>(Kind), Format = CodeNames.Parse<SupportFormat>(Format),
            HeldOn = ProtoDates.ToProto(HeldOn), DurationMinutes = DurationMinutes, RecordedAt = Timestamp.FromDateTime(RecordedAt),
            RecordedBy = onlyShow is null ? RecordedBy : "",
            AttendeeIds = { AttendeeIds.Where(a => onlyShow is null || a == onlyShow).Select(a => a.ToString()) },
            Attendees = AttendeeIds.Length,
        };
    }

    private sealed class NeedRow
    {
        public Guid MemberId { get; init; }
        public string Name { get; init; } = "";
        public int Level { get; init; }
        public DateOnly? LastSupervisedOn { get; init; }
    }

    private sealed class LevelRow
    {
        public Guid MemberId { get; init; }
        public long AggregateVersion { get; init; }
        public int Level { get; init; }
        public DateOnly ChangedOn { get; init; }
    }
}
