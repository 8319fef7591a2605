using Google.Protobuf.WellKnownTypes;
using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Errors;
using Involvement.BuildingBlocks.Time;
using Involvement.Training.Learners;
using Involvement.Training.V1;

namespace Involvement.Training.Enrolments;

/// <summary>
/// Places on sessions and their waiting lists. Every change locks the session's row first, so enrolling, cancelling,
/// promoting and a change of capacity (the sessions area calls <see cref="PromoteAsync"/>) happen one at a time per session.
/// </summary>
public sealed class EnrolmentStore(Db db, TimeProvider clock)
{
    public const string TokenList = "enrolments";

    /// <summary>Who a promotion is recorded as made by: nobody asked for it, a freed place did.</summary>
    public const string WaitingList = "waiting-list";

    /// <exception cref="NotFoundException">No such session.</exception>
    /// <exception cref="AlreadyExistsException">The learner is enrolled or waiting already.</exception>
    /// <exception cref="ConflictException">Every reason the learner may not enrol, each a violation.</exception>
    /// <param name="afterStart">
    /// Trainers and the PPI team may still add someone once the first day has begun (a walk-in, or a session recorded
    /// after the fact) until it is held; members enrol themselves only before it starts.
    /// </param>
    public async Task<Enrolled> EnrolAsync(UnitOfWork unit, Guid sessionId, LearnerRef learner, string actor, bool afterStart)
    {
        var session = await LockSessionAsync(unit, sessionId);
        if (await unit.QuerySingleOrDefaultAsync<bool>(
                "select exists (select 1 from enrolments where session_id = @sessionId and learner_id = @LearnerId and state <> 'cancelled')",
                new { sessionId, learner.LearnerId }))
        {
            throw new AlreadyExistsException($"Learner {learner.LearnerId} is already enrolled on session {sessionId}, or waiting for a place.");
        }

        var now = clock.GetUtcNowForDatabase();
        var violations = new List<PreconditionViolation>();
        if (session.State != "scheduled")
        {
            violations.Add(new("SESSION_NOT_SCHEDULED", session.State, $"The session is {session.State}; only a scheduled session takes enrolments."));
        }
        else if (!afterStart && session.FirstStartsAt is { } starts && starts <= now.UtcDateTime)
        {
            violations.Add(new("SESSION_STARTED", sessionId.ToString(), "The session has started; enrolment closed when its first day began (a trainer can still add you)."));
        }

        if (session.ModuleStatus == "retired")
        {
            violations.Add(new("MODULE_RETIRED", session.ModuleCode, $"Module {session.ModuleCode} is retired."));
        }

        if (!WaitingListRules.AudienceAdmits(session.Audience, learner.Kind))
        {
            violations.Add(new("AUDIENCE", session.Audience,
                $"Module {session.ModuleCode} is for the audience {session.Audience}, which does not include {learner.Kind} learners."));
        }

        foreach (var missing in await MissingPrerequisitesAsync(unit, session.ModuleCode, learner.LearnerId, clock.Today()))
        {
            violations.Add(new("PREREQUISITE_MISSING", missing, $"Module {session.ModuleCode} needs a valid certificate in {missing}."));
        }

        if (violations.Count > 0)
        {
            throw new ConflictException($"Learner {learner.LearnerId} cannot enrol on session {sessionId}.", violations);
        }

        // Places freed while nobody promoted (a capacity raised) go to those waiting before this request is placed.
        var promoted = await PromoteLockedAsync(unit, session);
        var counts = await CountsAsync(unit, sessionId);
        var state = WaitingListRules.StateOnRequest(session.Capacity, counts.Enrolled, counts.Waiting);
        var enrolmentId = Guid.CreateVersion7(now);
        await unit.ExecuteAsync(
            """
            insert into enrolments (enrolment_id, session_id, learner_id, state, requested_at, enrolled_at, version, created_at, created_by, updated_at, updated_by)
            values (@enrolmentId, @sessionId, @LearnerId, @state, @now, case when @state = 'enrolled' then @now end, 1, @now, @actor, @now, @actor)
            """,
            new { enrolmentId, sessionId, learner.LearnerId, state, now = now.UtcDateTime, actor });
        return new Enrolled(await ReadAsync(unit, enrolmentId), enrolmentId, state, promoted);
    }

    /// <summary>The learner an enrolment is for, so the caller can check who may act on it before anything is locked; null if there is none.</summary>
    public Task<Guid?> LearnerOfAsync(UnitOfWork unit, Guid enrolmentId) =>
        unit.QuerySingleOrDefaultAsync<Guid?>("select learner_id from enrolments where enrolment_id = @enrolmentId", new { enrolmentId });

    /// <summary>Cancels an enrolment or a place on the waiting list; a freed place goes to the first learner waiting.</summary>
    public async Task<Cancelled> CancelAsync(UnitOfWork unit, Guid enrolmentId, long expectedVersion, string actor)
    {
        var sessionId = await unit.QuerySingleOrDefaultAsync<Guid?>("select session_id from enrolments where enrolment_id = @enrolmentId", new { enrolmentId })
            ?? throw NotFound(enrolmentId);
        var session = await LockSessionAsync(unit, sessionId);
        var current = await unit.QuerySingleOrDefaultAsync<(string State, long Version)>(
            "select state, version from enrolments where enrolment_id = @enrolmentId for update", new { enrolmentId });
        Versions.EnsureCurrent("Enrolment", enrolmentId, current.Version, expectedVersion);
        if (current.State == WaitingListRules.Cancelled)
        {
            throw new ConflictException($"Enrolment {enrolmentId} is cancelled already.",
                [new("ENROLMENT_CANCELLED", enrolmentId.ToString(), "The enrolment is cancelled already.")]);
        }

        if (session.State != "scheduled")
        {
            throw new ConflictException($"Session {sessionId} is {session.State}: its enrolments can no longer change.",
                [new("SESSION_NOT_SCHEDULED", session.State, $"The session is {session.State}; enrolments change only while it is scheduled.")]);
        }

        var now = clock.GetUtcNowForDatabase().UtcDateTime;
        await unit.ExecuteAsync(
            """
            update enrolments set state = 'cancelled', cancelled_at = @now, version = version + 1, updated_at = @now, updated_by = @actor
            where enrolment_id = @enrolmentId
            """,
            new { enrolmentId, now, actor });
        var promoted = current.State == WaitingListRules.Enrolled ? await PromoteLockedAsync(unit, session) : [];
        return new Cancelled(await ReadAsync(unit, enrolmentId), sessionId, promoted.Count == 0 ? null : await ReadAsync(unit, promoted[0]),
            promoted.Count == 0 ? null : promoted[0]);
    }

    /// <summary>
    /// Gives the session's free places (capacity less those enrolled) to the learners who have waited longest, once
    /// each. For the sessions area after a capacity is raised, in the same unit of work as the change.
    /// </summary>
    /// <returns>The enrolments promoted, in order.</returns>
    public async Task<IReadOnlyList<Guid>> PromoteAsync(UnitOfWork unit, Guid sessionId) =>
        await PromoteLockedAsync(unit, await LockSessionAsync(unit, sessionId));

    private async Task<IReadOnlyList<Guid>> PromoteLockedAsync(UnitOfWork unit, SessionRow session)
    {
        if (session.State != "scheduled")
        {
            return [];
        }

        var counts = await CountsAsync(unit, session.SessionId);
        var free = session.Capacity - counts.Enrolled;
        if (free <= 0 || counts.Waiting == 0)
        {
            return [];
        }

        var waiting = await unit.QueryAsync<WaitingRow>(
            """
            select enrolment_id, requested_at from enrolments
            where session_id = @SessionId and state = 'waiting'
            order by requested_at, enrolment_id limit @free
            """,
            new { session.SessionId, free });
        var chosen = WaitingListRules.ToPromote(session.Capacity, counts.Enrolled,
            waiting.Select(w => new WaitingLearner(w.EnrolmentId, new DateTimeOffset(w.RequestedAt, TimeSpan.Zero))));
        var ids = chosen.Select(c => c.EnrolmentId).ToArray();
        var now = clock.GetUtcNowForDatabase().UtcDateTime;
        await unit.ExecuteAsync(
            """
            update enrolments set state = 'enrolled', enrolled_at = @now, version = version + 1, updated_at = @now, updated_by = @by
            where enrolment_id = any(@ids) and state = 'waiting'
            """,
            new { ids, now, by = WaitingList });
        return ids;
    }

    /// <param name="sessionId">Null for every session.</param>
    /// <param name="learnerId">Null for every learner.</param>
    /// <param name="state">Null for every state.</param>
    public async Task<Page<Enrolment>> ListAsync(Guid? sessionId, Guid? learnerId, string? state, int pageSize, Guid? after, CancellationToken cancellationToken)
    {
        var rows = await db.QueryAsync<EnrolmentRow>(
            $"""
            {Select}
            where (@sessionId::uuid is null or e.session_id = @sessionId)
              and (@learnerId::uuid is null or e.learner_id = @learnerId)
              and (@state::text is null or e.state = @state)
              and (@after::uuid is null or e.enrolment_id > @after)
            order by e.enrolment_id limit @limit
            """,
            new { sessionId, learnerId, state, after, limit = pageSize + 1 }, cancellationToken);
        return Page.Of(rows, pageSize, TokenList, r => r.EnrolmentId).Select(r => r.ToMessage());
    }

    /// <summary>Every enrolment of a member, for their subject access export.</summary>
    public async Task<IReadOnlyList<Enrolment>> ListForMemberAsync(UnitOfWork unit, Guid memberId) =>
        [.. (await unit.QueryAsync<EnrolmentRow>($"{Select} where e.learner_id = @memberId order by e.enrolment_id", new { memberId })).Select(r => r.ToMessage())];

    /// <summary>
    /// On erasure: the member's live enrolments are cancelled (their places go to those waiting) and their id is taken
    /// off what they did themselves. The enrolments stay, with no name, so sessions' numbers still add up.
    /// </summary>
    public async Task EraseMemberAsync(UnitOfWork unit, Guid memberId)
    {
        var live = await unit.QueryAsync<(Guid EnrolmentId, Guid SessionId, string State)>(
            "select enrolment_id, session_id, state from enrolments where learner_id = @memberId and state <> 'cancelled' order by session_id",
            new { memberId });
        var now = clock.GetUtcNowForDatabase().UtcDateTime;
        foreach (var enrolment in live)
        {
            var session = await LockSessionAsync(unit, enrolment.SessionId);
            if (session.State != "scheduled")
            {
                continue;   // a held session's enrolments are its record
            }

            await unit.ExecuteAsync(
                """
                update enrolments set state = 'cancelled', cancelled_at = @now, version = version + 1, updated_at = @now, updated_by = 'erasure'
                where enrolment_id = @EnrolmentId
                """,
                new { enrolment.EnrolmentId, now });
            if (enrolment.State == WaitingListRules.Enrolled)
            {
                await PromoteLockedAsync(unit, session);
            }
        }

        await unit.ExecuteAsync(
            """
            update enrolments set created_by = case when created_by = @id then 'erasure' else created_by end,
                                  updated_by = case when updated_by = @id then 'erasure' else updated_by end
            where learner_id = @memberId and (created_by = @id or updated_by = @id)
            """,
            new { memberId, id = memberId.ToString() });
    }

    public static async Task<Enrolment> ReadAsync(UnitOfWork unit, Guid enrolmentId) =>
        (await unit.QuerySingleOrDefaultAsync<EnrolmentRow>($"{Select} where e.enrolment_id = @enrolmentId", new { enrolmentId }))?.ToMessage()
        ?? throw NotFound(enrolmentId);

    /// <exception cref="NotFoundException">No such session.</exception>
    private static async Task<SessionRow> LockSessionAsync(UnitOfWork unit, Guid sessionId) =>
        await unit.QuerySingleOrDefaultAsync<SessionRow>(
            """
            select s.session_id, s.module_code, s.state, s.capacity, m.status as module_status, m.audience,
                   (select min(d.starts_at) from session_days d where d.session_id = s.session_id) as first_starts_at
            from training_sessions s join modules m on m.code = s.module_code
            where s.session_id = @sessionId
            for update of s
            """,
            new { sessionId })
        ?? throw new NotFoundException($"No training session {sessionId}.");

    /// <summary>The module's prerequisites the learner does not hold a valid (unexpired, not superseded) certificate in.</summary>
    private static async Task<IReadOnlyList<string>> MissingPrerequisitesAsync(UnitOfWork unit, string moduleCode, Guid learnerId, DateOnly today) =>
        [.. await unit.QueryAsync<string>(
            """
            select p.prerequisite_code from module_prerequisites p
            where p.module_code = @moduleCode
              and not exists (select 1 from certificates c
                              where c.learner_id = @learnerId and c.module_code = p.prerequisite_code and c.superseded_by is null
                                and (c.expires_on is null or c.expires_on > @today))
            order by p.prerequisite_code
            """,
            new { moduleCode, learnerId, today })];

    private static Task<(int Enrolled, int Waiting)> CountsAsync(UnitOfWork unit, Guid sessionId) =>
        unit.QuerySingleOrDefaultAsync<(int Enrolled, int Waiting)>(
            """
            select count(*) filter (where state = 'enrolled')::int, count(*) filter (where state = 'waiting')::int
            from enrolments where session_id = @sessionId
            """,
            new { sessionId });

    private static NotFoundException NotFound(Guid enrolmentId) => new($"No enrolment {enrolmentId}.");

    /// <summary>An enrolment with the waiting position it has now (counting those ahead of it in the order they asked).</summary>
    private const string Select =
        """
        select e.enrolment_id, e.session_id, e.learner_id, s.module_code, e.state, e.requested_at, e.enrolled_at, e.cancelled_at, e.version,
               case when e.state = 'waiting' then
                   (select count(*) from enrolments w
                    where w.session_id = e.session_id and w.state = 'waiting' and (w.requested_at, w.enrolment_id) <= (e.requested_at, e.enrolment_id))
               else 0 end::int as waiting_position
        from enrolments e join training_sessions s on s.session_id = e.session_id
        """;

    private sealed record SessionRow(Guid SessionId, string ModuleCode, string State, int Capacity, string ModuleStatus, string Audience, DateTime? FirstStartsAt);

    private sealed record WaitingRow(Guid EnrolmentId, DateTime RequestedAt);

    private sealed class EnrolmentRow
    {
        public Guid EnrolmentId { get; init; }
        public Guid SessionId { get; init; }
        public Guid LearnerId { get; init; }
        public string ModuleCode { get; init; } = "";
        public string State { get; init; } = "";
        public DateTime RequestedAt { get; init; }
        public DateTime? EnrolledAt { get; init; }
        public DateTime? CancelledAt { get; init; }
        public long Version { get; init; }
        public int WaitingPosition { get; init; }

        public Enrolment ToMessage() => new()
        {
            EnrolmentId = EnrolmentId.ToString(),
            SessionId = SessionId.ToString(),
            LearnerId = LearnerId.ToString(),
            ModuleCode = ModuleCode,
            State = CodeNames.Parse<EnrolmentState>(State),
            WaitingPosition = WaitingPosition,
            RequestedAt = Timestamp.FromDateTime(RequestedAt),
            EnrolledAt = ProtoDates.ToTimestamp(EnrolledAt),
            CancelledAt = ProtoDates.ToTimestamp(CancelledAt),
            Version = Version,
        };
    }
}

/// <param name="State">enrolled or waiting.</param>
/// <param name="Promoted">Waiting learners who took places freed before this request was placed.</param>
public sealed record Enrolled(Enrolment Enrolment, Guid EnrolmentId, string State, IReadOnlyList<Guid> Promoted);

/// <param name="Promoted">The learner who took the freed place, if any.</param>
public sealed record Cancelled(Enrolment Enrolment, Guid SessionId, Enrolment? Promoted, Guid? PromotedId);
