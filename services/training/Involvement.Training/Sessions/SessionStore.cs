using Google.Protobuf.WellKnownTypes;
using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Errors;
using Involvement.BuildingBlocks.Time;
using Involvement.Training.Enrolments;
using Involvement.Training.Learners;
using Involvement.Training.V1;

namespace Involvement.Training.Sessions;

/// <summary>Sessions of a module with their days and facilitators.</summary>
public sealed class SessionStore(Db db, TimeProvider clock, EnrolmentStore enrolments)
{
    public const string TokenList = "sessions";

    /// <summary>
    /// Whether session <c>s</c> is co-facilitated: an expert by experience and an expert by training among its
    /// facilitators. For any query over <c>training_sessions s</c> (TrainingSessionHeld carries it too).
    /// </summary>
    public const string CoFacilitatedSql =
        """
        (exists (select 1 from session_facilitators f where f.session_id = s.session_id and f.expertise = 'expert_by_experience')
         and exists (select 1 from session_facilitators f where f.session_id = s.session_id and f.expertise = 'expert_by_training'))
        """;

    private const string Select =
        $"""
        select s.session_id, s.module_code, s.venue, s.online, s.capacity, s.rate_reference, s.cost_centre, s.state, s.cancel_reason,
            s.held_at, s.cancelled_at, s.version, s.created_at, s.updated_at, {CoFacilitatedSql} as co_facilitated
        from training_sessions s
        """;

    public async Task<Session> ScheduleAsync(UnitOfWork unit, string moduleCode, ValidSession session, string actor)
    {
        var status = await unit.QuerySingleOrDefaultAsync<string>("select status from modules where code = @moduleCode for share", new { moduleCode })
            ?? throw new NotFoundException($"No module has code {moduleCode}.");
        if (status == "retired")
        {
            throw new ConflictException($"Module {moduleCode} is retired: it cannot be scheduled.",
                [new PreconditionViolation("MODULE_RETIRED", moduleCode, "Retired modules keep their certificates but get no new sessions.")]);
        }

        var now = clock.GetUtcNowForDatabase();
        var id = Guid.CreateVersion7(now);
        await unit.ExecuteAsync(
            """
            insert into training_sessions (session_id, module_code, venue, online, capacity, rate_reference, cost_centre, state,
                version, created_at, created_by, updated_at, updated_by)
            values (@id, @moduleCode, @Venue, @Online, @Capacity, @RateReference, @CostCentre, 'scheduled', 1, @now, @actor, @now, @actor)
            """,
            new { id, moduleCode, session.Venue, session.Online, session.Capacity, session.RateReference, session.CostCentre, now = now.UtcDateTime, actor });
        await SetDaysAndFacilitatorsAsync(unit, id, session);
        return await ReadAsync(unit, id);
    }

    public async Task<Session> UpdateAsync(UnitOfWork unit, Guid sessionId, long expectedVersion, ValidSession session, string actor)
    {
        await LockScheduledAsync(unit, sessionId, expectedVersion, "changed");
        var enrolled = await EnrolledAsync(unit, sessionId);
        if (session.Capacity < enrolled)
        {
            throw new ConflictException($"Session {sessionId} has {enrolled} learners enrolled; its capacity cannot go below that.",
                [new PreconditionViolation("CAPACITY_BELOW_ENROLLED", sessionId.ToString(), $"{enrolled} learners are enrolled.")]);
        }

        await unit.ExecuteAsync(
            """
            update training_sessions set venue = @Venue, online = @Online, capacity = @Capacity, rate_reference = @RateReference,
                cost_centre = @CostCentre, version = version + 1, updated_at = @now, updated_by = @actor
            where session_id = @sessionId
            """,
            new { sessionId, session.Venue, session.Online, session.Capacity, session.RateReference, session.CostCentre, now = clock.GetUtcNowForDatabase().UtcDateTime, actor });
        await SetDaysAndFacilitatorsAsync(unit, sessionId, session);
        await enrolments.PromoteAsync(unit, sessionId);   // a raised capacity gives its new places to those waiting
        return await ReadAsync(unit, sessionId);
    }

    public async Task<Session> CancelAsync(UnitOfWork unit, Guid sessionId, long expectedVersion, string reason, string actor)
    {
        await LockScheduledAsync(unit, sessionId, expectedVersion, "cancelled");
        var now = clock.GetUtcNowForDatabase().UtcDateTime;
        await unit.ExecuteAsync(
            """
            update training_sessions set state = 'cancelled', cancelled_at = @now, cancel_reason = @reason, version = version + 1, updated_at = @now, updated_by = @actor
            where session_id = @sessionId
            """,
            new { sessionId, reason, now, actor });
        return await ReadAsync(unit, sessionId);
    }

    public async Task<Session> GetAsync(Guid sessionId, CancellationToken cancellationToken) =>
        (await ListAsync([sessionId], cancellationToken)).SingleOrDefault() ?? throw NotFound(sessionId);

    public async Task<Page<Session>> ListAsync(SessionFilter filter, int pageSize, Guid? after, CancellationToken cancellationToken)
    {
        var ids = await db.QueryAsync<Guid>(
            $"""
            select s.session_id from training_sessions s
            where (@after::uuid is null or s.session_id > @after)
              and (@ModuleCode::text is null or s.module_code = @ModuleCode)
              and (@State::text is null or s.state = @State)
              and (not @NotCoFacilitated or not {CoFacilitatedSql})
              and (@From::date is null and @To::date is null or exists (
                    select 1 from session_days d where d.session_id = s.session_id
                      and (@From::date is null or (d.starts_at at time zone 'Europe/London')::date >= @From)
                      and (@To::date is null or (d.starts_at at time zone 'Europe/London')::date <= @To)))
            order by s.session_id limit @limit
            """,
            new { after, filter.ModuleCode, filter.State, filter.NotCoFacilitated, filter.From, filter.To, limit = pageSize + 1 }, cancellationToken);
        var page = Page.Of(ids, pageSize, TokenList, id => id);
        return new Page<Session>(await ListAsync(page.Items, cancellationToken), page.NextPageToken);
    }

    /// <summary>The sessions a member facilitated or is to facilitate, for their subject access export.</summary>
    public static async Task<IReadOnlyList<Session>> ListForMemberAsync(UnitOfWork unit, Guid memberId) =>
        await ReadAllAsync(unit, [.. await unit.QueryAsync<Guid>(
            "select session_id from session_facilitators where learner_id = @memberId order by session_id", new { memberId })]);

    /// <summary>
    /// Nothing to erase: that a learner facilitated a session is an anonymous fact once their name is gone, and a
    /// cancellation's reason is about the session.
    /// </summary>
    public static Task EraseMemberAsync(UnitOfWork unit, Guid memberId) => Task.CompletedTask;

    /// <summary>Learners holding a place (not waiting) on a session.</summary>
    private static async Task<int> EnrolledAsync(UnitOfWork unit, Guid sessionId) =>
        (await EnrolmentCountsAsync(unit, [sessionId])).GetValueOrDefault(sessionId).Enrolled;

    private async Task<IReadOnlyList<Session>> ListAsync(IReadOnlyList<Guid> ids, CancellationToken cancellationToken) =>
        await db.InTransactionAsync(unit => ReadAllAsync(unit, ids), cancellationToken);

    private static async Task<Session> ReadAsync(UnitOfWork unit, Guid sessionId) => (await ReadAllAsync(unit, [sessionId])).Single();

    private static async Task<IReadOnlyList<Session>> ReadAllAsync(UnitOfWork unit, IReadOnlyList<Guid> ids)
    {
        var sessionIds = ids.ToArray();
        var rows = (await unit.QueryAsync<SessionRow>($"{Select} where s.session_id = any(@sessionIds)", new { sessionIds })).ToDictionary(r => r.SessionId);
        var days = (await unit.QueryAsync<DayRow>(
            "select session_id, day_number, starts_at, ends_at from session_days where session_id = any(@sessionIds) order by session_id, day_number",
            new { sessionIds })).ToLookup(d => d.SessionId);
        var facilitators = (await unit.QueryAsync<FacilitatorRow>(
            "select session_id, learner_id, expertise from session_facilitators where session_id = any(@sessionIds) order by session_id, learner_id",
            new { sessionIds })).ToLookup(f => f.SessionId);
        var counts = await EnrolmentCountsAsync(unit, sessionIds);
        return [.. ids.Where(rows.ContainsKey).Select(id => rows[id].ToMessage(days[id], facilitators[id], counts.GetValueOrDefault(id)))];
    }

    /// <summary>Enrolled and waiting learners per session, from enrolment's table.</summary>
    private static async Task<Dictionary<Guid, EnrolmentCounts>> EnrolmentCountsAsync(UnitOfWork unit, IReadOnlyList<Guid> sessionIds) =>
        (await unit.QueryAsync<(Guid SessionId, int Enrolled, int Waiting)>(
            """
            select session_id, count(*) filter (where state = 'enrolled')::int, count(*) filter (where state = 'waiting')::int
            from enrolments where session_id = any(@ids) group by session_id
            """,
            new { ids = sessionIds.ToArray() })).ToDictionary(c => c.SessionId, c => new EnrolmentCounts(c.Enrolled, c.Waiting));

    private static async Task LockScheduledAsync(UnitOfWork unit, Guid sessionId, long expectedVersion, string change)
    {
        var current = await unit.QuerySingleOrDefaultAsync<SessionLock>(
            "select state, version from training_sessions where session_id = @sessionId for update", new { sessionId })
            ?? throw NotFound(sessionId);
        Versions.EnsureCurrent("Session", sessionId, current.Version, expectedVersion);
        if (current.State != "scheduled")
        {
            throw new ConflictException($"Session {sessionId} is {current.State}: only a scheduled session can be {change}.",
                [new PreconditionViolation("SESSION_NOT_SCHEDULED", sessionId.ToString(), $"The session is {current.State}.")]);
        }
    }

    /// <summary>
    /// Writes the days by number (a day kept keeps its row, so attendance recorded against it stays) and replaces the
    /// facilitators, each of whom must be a learner.
    /// </summary>
    private static async Task SetDaysAndFacilitatorsAsync(UnitOfWork unit, Guid sessionId, ValidSession session)
    {
        var current = (await unit.QueryAsync<Guid>("select learner_id from session_facilitators where session_id = @sessionId", new { sessionId })).ToHashSet();
        foreach (var (learnerId, _) in session.Facilitators.Where(f => !current.Contains(f.LearnerId)))
        {
            await LearnerDirectory.ResolveForChangeAsync(unit, learnerId);   // one already facilitating may stay, even if since erased
        }

        await unit.ExecuteAsync(
            """
            insert into session_days (session_id, day_number, starts_at, ends_at)
            select @sessionId, n, s, e from unnest(@starts, @ends) with ordinality as d (s, e, n)
            on conflict (session_id, day_number) do update set starts_at = excluded.starts_at, ends_at = excluded.ends_at;
            delete from session_days where session_id = @sessionId and day_number > cardinality(@starts);
            delete from session_facilitators where session_id = @sessionId;
            insert into session_facilitators (session_id, learner_id, expertise)
            select @sessionId, l, x from unnest(@learners, @expertise) as f (l, x);
            """,
            new
            {
                sessionId,
                starts = session.Days.Select(d => d.StartsAt.UtcDateTime).ToArray(),
                ends = session.Days.Select(d => d.EndsAt.UtcDateTime).ToArray(),
                learners = session.Facilitators.Select(f => f.LearnerId).ToArray(),
                expertise = session.Facilitators.Select(f => CodeNames.Of(f.Expertise)).ToArray(),
            });
    }

    private static NotFoundException NotFound(Guid sessionId) => new($"No session has id {sessionId}.");

    private sealed record SessionLock(string State, long Version);

    private readonly record struct EnrolmentCounts(int Enrolled, int Waiting);

    private sealed class SessionRow
    {
        public Guid SessionId { get; init; }
        public string ModuleCode { get; init; } = "";
        public string Venue { get; init; } = "";
        public bool Online { get; init; }
        public int Capacity { get; init; }
        public string? RateReference { get; init; }
        public string? CostCentre { get; init; }
        public string State { get; init; } = "";
        public string? CancelReason { get; init; }
        public DateTime? HeldAt { get; init; }
        public DateTime? CancelledAt { get; init; }
        public long Version { get; init; }
        public DateTime CreatedAt { get; init; }
        public DateTime UpdatedAt { get; init; }
        public bool CoFacilitated { get; init; }

        public Session ToMessage(IEnumerable<DayRow> days, IEnumerable<FacilitatorRow> facilitators, EnrolmentCounts counts) => new()
        {
            SessionId = SessionId.ToString(), ModuleCode = ModuleCode, Venue = Venue, Online = Online, Capacity = Capacity,
            RateReference = RateReference ?? "", CostCentre = CostCentre ?? "", State = CodeNames.Parse<SessionState>(State),
            CancelReason = CancelReason ?? "", HeldAt = ProtoDates.ToTimestamp(HeldAt), CancelledAt = ProtoDates.ToTimestamp(CancelledAt), Version = Version,
            CreatedAt = Timestamp.FromDateTime(CreatedAt), UpdatedAt = Timestamp.FromDateTime(UpdatedAt), CoFacilitated = CoFacilitated,
            EnrolledCount = counts.Enrolled, WaitingCount = counts.Waiting,
            Days = { days.Select(d => d.ToMessage()) },
            Facilitators = { facilitators.Select(f => new Facilitator { LearnerId = f.LearnerId.ToString(), Expertise = CodeNames.Parse<Expertise>(f.Expertise) }) },
        };

    }

    private sealed class DayRow
    {
        public Guid SessionId { get; init; }
        public int DayNumber { get; init; }
        public DateTime StartsAt { get; init; }
        public DateTime EndsAt { get; init; }

        public ScheduledDay ToMessage()
        {
            var starts = UkTime.LocalOf(StartsAt);
            var ends = UkTime.LocalOf(EndsAt);
            return new ScheduledDay
            {
                DayNumber = DayNumber, StartsAt = Timestamp.FromDateTime(StartsAt), EndsAt = Timestamp.FromDateTime(EndsAt),
                UkDate = ProtoDates.ToProto(DateOnly.FromDateTime(starts)), UkStarts = Time(starts), UkEnds = Time(ends),
            };
        }

        private static Google.Type.TimeOfDay Time(DateTime local) => new() { Hours = local.Hour, Minutes = local.Minute, Seconds = local.Second };
    }

    private sealed class FacilitatorRow
    {
        public Guid SessionId { get; init; }
        public Guid LearnerId { get; init; }
        public string Expertise { get; init; } = "";
    }
}

/// <summary>What ListSessions filters on; null or false: no filter.</summary>
public sealed record SessionFilter(string? ModuleCode, DateOnly? From, DateOnly? To, string? State, bool NotCoFacilitated);
