using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Errors;
using Involvement.BuildingBlocks.Time;
using Involvement.Contracts.Recruitment;
using Involvement.Contracts.Training;
using Involvement.Training.Learners;
using Involvement.Training.V1;

namespace Involvement.Training.Certificates;

/// <summary>
/// Issues certificates: from a held session's full attendance, or from a completion recruitment recorded by hand.
/// One certificate per learner and module is current; a new one supersedes it under the learner and module's lock.
/// </summary>
public sealed partial class CertificateStore(Db db, TimeProvider clock)
{
    public const string Session = "session";
    public const string ByHand = "by_hand";

    /// <summary>Who issued a by-hand certificate: recruitment, where the PPI team recorded it.</summary>
    public const string Recruitment = "recruitment";

    /// <summary>
    /// Certifies learners of a held session who attended every day: those named, or every such learner not yet
    /// certified from it. Publishes TrainingCompleted for each member and StaffTrainingCompleted for each member of staff.
    /// </summary>
    /// <remarks>Holds the session row's lock, so two completions of one session take turns and never certify a learner twice.</remarks>
    public async Task<IReadOnlyList<Certificate>> RecordCompletionAsync(UnitOfWork unit, Guid sessionId, IReadOnlyList<Guid> learnerIds, string actor)
    {
        var session = await unit.QuerySingleOrDefaultAsync<SessionRow>(
            """
            select s.session_id, s.module_code, s.state, m.validity_months, m.renewal_window_days,
                   (select max(d.starts_at) from session_days d where d.session_id = s.session_id) as last_day_starts_at,
                   (select count(*) from session_days d where d.session_id = s.session_id) as days
            from training_sessions s join modules m on m.code = s.module_code
            where s.session_id = @sessionId
            for update of s
            """,
            new { sessionId }) ?? throw new NotFoundException($"No session {sessionId}.");
        if (session.State != "held")
        {
            throw new ConflictException($"Session {sessionId} is {session.State}; completions are recorded once it is held.",
                [new PreconditionViolation("SESSION_NOT_HELD", sessionId.ToString(), "Mark the session held first (every day must be over).")]);
        }

        var completers = (await unit.QueryAsync<LearnerRef>(
            """
            select a.learner_id, l.kind
            from attendance a join learners l on l.learner_id = a.learner_id
            join enrolments e on e.session_id = a.session_id and e.learner_id = a.learner_id and e.state = 'enrolled'
            where a.session_id = @sessionId and a.attended and l.erased_at is null
              and a.day_number in (select d.day_number from session_days d where d.session_id = @sessionId)
              and not exists (select 1 from certificates c where c.session_id = @sessionId and c.learner_id = a.learner_id)
            group by a.learner_id, l.kind
            having count(distinct a.day_number) = @days
            order by a.learner_id
            """,
            new { sessionId, days = session.Days })).ToList();
        // an erased member is never certified: named, they are refused; otherwise they are simply not among the completers
        foreach (var learnerId in learnerIds.Distinct().Order())
        {
            await LearnerDirectory.ResolveForChangeAsync(unit, learnerId);
        }

        var targets = learnerIds.Count == 0 ? completers : await NamedAsync(unit, sessionId, learnerIds, completers);

        var completedOn = UkTime.DateOf(session.LastDayStartsAt);
        var now = clock.GetUtcNowForDatabase();
        var issued = new List<CertificateRow>();
        await LockAsync(unit, targets.Select(t => t.LearnerId), session.ModuleCode);
        foreach (var learner in targets)
        {
            var current = await CurrentAsync(unit, learner.LearnerId, session.ModuleCode);
            var expiresOn = CertificateRules.ExpiresOn(completedOn, session.ValidityMonths, session.RenewalWindowDays, current);
            issued.Add(await IssueAsync(unit, new NewCertificate(learner, session.ModuleCode, sessionId, null, completedOn, expiresOn, actor), current, now));
        }

        // An older session recorded after a newer completion is kept, already superseded: recruitment hears only the current one.
        // Staff have no member record: reporting hears of their completions by learner id only, to count staff trained.
        await unit.PublishAllAsync(issued.Where(c => c.SupersededBy is null)
            .Select(c => c.LearnerKind == LearnerRef.Member
                ? (Contracts.IIntegrationEvent)new TrainingCompleted(Guid.CreateVersion7(now), now, 1, c.LearnerId, c.ModuleCode, c.CompletedOn, c.ExpiresOn)
                : new StaffTrainingCompleted(Guid.CreateVersion7(now), now, 1, c.LearnerId, c.ModuleCode, c.CompletedOn))
            .ToList());
        var today = clock.Today();
        return issued.Select(c => c.ToMessage(today)).ToList();
    }

    /// <summary>
    /// Takes a completion the PPI team recorded by hand in recruitment as a certificate marked by_hand, with
    /// recruitment's dates (the module may be one training does not run). Publishes nothing: recruitment already
    /// holds the completion, and a TrainingCompleted would come back to it as a completion from training, overwriting
    /// the evidence the PPI team recorded.
    /// </summary>
    public async Task RecordByHandAsync(UnitOfWork unit, CompletionRecordedByHand completion)
    {
        var learner = new LearnerRef(completion.MemberId, LearnerRef.Member);
        await LockAsync(unit, [learner.LearnerId], completion.ModuleCode);
        var current = await CurrentAsync(unit, learner.LearnerId, completion.ModuleCode);
        await IssueAsync(unit,
            new NewCertificate(learner, completion.ModuleCode, null, completion.EventId, completion.CompletedOn, completion.ExpiresOn, Recruitment),
            current, clock.GetUtcNowForDatabase());
    }

    /// <summary>
    /// Nothing to erase: a certificate holds no name or free text, and is kept as an anonymous completion for counts
    /// (who issued it is a member of staff, not the learner).
    /// </summary>
    public Task EraseMemberAsync(UnitOfWork unit, Guid memberId) => Task.CompletedTask;

    private static async Task<IReadOnlyList<LearnerRef>> NamedAsync(UnitOfWork unit, Guid sessionId, IReadOnlyList<Guid> learnerIds, List<LearnerRef> completers)
    {
        var certified = (await unit.QueryAsync<Guid>(
            "select learner_id from certificates where session_id = @sessionId and learner_id = any(@learnerIds)",
            new { sessionId, learnerIds = learnerIds.ToArray() })).ToHashSet();
        var byId = completers.ToDictionary(c => c.LearnerId);
        var violations = new List<PreconditionViolation>();
        foreach (var id in learnerIds)
        {
            if (certified.Contains(id))
            {
                violations.Add(new PreconditionViolation("ALREADY_CERTIFIED", id.ToString(), "This learner already has a certificate from this session."));
            }
            else if (!byId.ContainsKey(id))
            {
                violations.Add(new PreconditionViolation("INCOMPLETE_ATTENDANCE", id.ToString(), "This learner did not attend every day of the session."));
            }
        }

        return violations.Count > 0
            ? throw new ConflictException("Some learners cannot be certified from this session.", violations)
            : learnerIds.Select(id => byId[id]).ToList();
    }

    /// <summary>
    /// The learners' certificate locks for a module, in id order (so two writers cannot deadlock): a completion and a
    /// by-hand record for the same person and module take turns, and each sees the other's certificate as current.
    /// </summary>
    private static async Task LockAsync(UnitOfWork unit, IEnumerable<Guid> learnerIds, string moduleCode) =>
        await unit.ExecuteAsync(
            """
            select pg_advisory_xact_lock(hashtextextended('certificate:' || l::text || ':' || @moduleCode, 0))
            from (select l from unnest(@ids) as l order by l) as sorted
            """,
            new { ids = learnerIds.Distinct().ToArray(), moduleCode });

    private static async Task<CurrentCertificate?> CurrentAsync(UnitOfWork unit, Guid learnerId, string moduleCode) =>
        (await unit.QuerySingleOrDefaultAsync<CertificateRow>(
            $"""
            select {CertificateRow.Columns} from certificates
            where learner_id = @learnerId and module_code = @moduleCode and superseded_by is null
            """,
            new { learnerId, moduleCode })) is { } row
            ? new CurrentCertificate(row.CertificateId, row.CompletedOn, row.ExpiresOn)
            : null;

    /// <summary>
    /// Writes a certificate. The later completion is current: the new one supersedes the current certificate, or (a
    /// by-hand record of an older completion) is itself superseded by it at once.
    /// </summary>
    private static async Task<CertificateRow> IssueAsync(UnitOfWork unit, NewCertificate c, CurrentCertificate? current, DateTimeOffset now)
    {
        var certificateId = Guid.CreateVersion7(now);
        var supersedes = CertificateRules.Supersedes(c.CompletedOn, current);
        if (supersedes && current is not null)
        {
            await unit.ExecuteAsync("update certificates set superseded_by = @certificateId where certificate_id = @current",
                new { certificateId, current = current.CertificateId });
        }

        return await unit.QuerySingleOrDefaultAsync<CertificateRow>(
            $"""
            insert into certificates (certificate_id, number, learner_id, learner_kind, module_code, session_id, completed_on, expires_on,
                                      superseded_by, source, source_event_id, issued_at, issued_by)
            values (@certificateId, (select 'TC-' || lpad(n::text, greatest(6, length(n::text)), '0') from nextval('certificate_numbers') as n), @LearnerId, @Kind, @ModuleCode, @SessionId,
                    @CompletedOn, @ExpiresOn, @supersededBy, @source, @SourceEventId, @now, @Actor)
            returning {CertificateRow.Columns}
            """,
            new
            {
                certificateId, c.Learner.LearnerId, c.Learner.Kind, c.ModuleCode, c.SessionId, c.CompletedOn, c.ExpiresOn,
                supersededBy = supersedes ? null : current?.CertificateId, source = c.SessionId is null ? ByHand : Session,
                c.SourceEventId, now, c.Actor,
            }) ?? throw new InvalidOperationException("The certificate insert returned nothing.");
    }

    private sealed record NewCertificate(
        LearnerRef Learner, string ModuleCode, Guid? SessionId, Guid? SourceEventId, DateOnly CompletedOn, DateOnly? ExpiresOn, string Actor);

    private sealed class SessionRow
    {
        public Guid SessionId { get; init; }
        public string ModuleCode { get; init; } = "";
        public string State { get; init; } = "";
        public int? ValidityMonths { get; init; }
        public int RenewalWindowDays { get; init; }
        public DateTime LastDayStartsAt { get; init; }
        public long Days { get; init; }
    }
}
