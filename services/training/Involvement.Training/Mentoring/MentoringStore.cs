using Google.Protobuf.WellKnownTypes;
using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Errors;
using Involvement.BuildingBlocks.Time;
using Involvement.Contracts.Training;
using Involvement.Training.Learners;
using Involvement.Training.Members;
using Involvement.Training.V1;
using Microsoft.Extensions.Options;

namespace Involvement.Training.Mentoring;

/// <summary>Mentors, their pairings with members, and the meetings of each pairing.</summary>
public sealed class MentoringStore(Db db, TimeProvider clock, IOptions<TrainingOptions> options)
{
    public const string MentorTokenList = "mentors";
    public const string PairingTokenList = "pairings";
    public const string NewRepresentativeTokenList = "new-representatives";

    private static readonly string SelectMentors =
        $"""
        select t.learner_id, {LearnerNames.Name("n")} as name, n_l.kind, t.cap as own_cap, t.version,
            (select count(*)::int from mentoring_pairings p where p.mentor_id = t.learner_id and p.ended_on is null) as open_pairings
        from mentors t {LearnerNames.Join("n", "t.learner_id")}
        """;

    private static readonly string SelectPairings =
        $"""
        select p.pairing_id, p.mentor_id, {LearnerNames.Name("mr")} as mentor_name, p.mentee_id, {LearnerNames.Name("me")} as mentee_name,
            p.started_on, p.ended_on, p.version,
            (select count(*)::int from mentoring_meetings m where m.pairing_id = p.pairing_id) as meetings,
            (select coalesce(sum(m.duration_minutes), 0)::int from mentoring_meetings m where m.pairing_id = p.pairing_id) as minutes_met,
            (select max(m.met_on) from mentoring_meetings m where m.pairing_id = p.pairing_id) as last_met_on
        from mentoring_pairings p {LearnerNames.Join("mr", "p.mentor_id")} {LearnerNames.Join("me", "p.mentee_id")}
        """;

    private int TrustCap => options.Value.MentorCap;

    /// <summary>
    /// Registers a mentor (<paramref name="expectedVersion"/> 0) or changes their cap. Two registrations of one learner
    /// at once make one mentor: the second waits on the first's row and is then told the version it missed.
    /// </summary>
    /// <param name="cap">The mentor's own cap; null for the trust's.</param>
    public async Task<Mentor> RegisterAsync(UnitOfWork unit, Guid learnerId, int? cap, long expectedVersion, string actor)
    {
        await LearnerDirectory.ResolveForChangeAsync(unit, learnerId);
        var now = clock.GetUtcNowForDatabase().UtcDateTime;
        var args = new { learnerId, cap, now, actor };
        if (expectedVersion == 0)
        {
            var added = await unit.ExecuteAsync(
                """
                insert into mentors (learner_id, cap, version, created_at, created_by, updated_at, updated_by) values (@learnerId, @cap, 1, @now, @actor, @now, @actor)
                on conflict (learner_id) do nothing
                """,
                args);
            if (added == 0)
            {
                Versions.EnsureCurrent("Mentor", learnerId, await VersionAsync(unit, learnerId) ?? 0, expectedVersion);
            }
        }
        else
        {
            var version = await VersionAsync(unit, learnerId) ?? throw new NotFoundException($"Learner {learnerId} is not a mentor yet: register them with expected_version 0.");
            Versions.EnsureCurrent("Mentor", learnerId, version, expectedVersion);
            await unit.ExecuteAsync("update mentors set cap = @cap, version = version + 1, updated_at = @now, updated_by = @actor where learner_id = @learnerId", args);
        }

        return (await unit.QuerySingleOrDefaultAsync<MentorRow>($"{SelectMentors} where t.learner_id = @learnerId", new { learnerId }))!.ToMessage(TrustCap);
    }

    public async Task<Page<Mentor>> ListMentorsAsync(bool withRoomOnly, int pageSize, Guid? after, CancellationToken cancellationToken)
    {
        var rows = await db.QueryAsync<MentorRow>(
            $"""
            select * from ({SelectMentors}) m
            where (@after::uuid is null or m.learner_id > @after)
              and (not @withRoomOnly or m.open_pairings < coalesce(m.own_cap, @trustCap))
            order by m.learner_id limit @limit
            """,
            new { after, withRoomOnly, trustCap = TrustCap, limit = pageSize + 1 }, cancellationToken);
        return Page.Of(rows, pageSize, MentorTokenList, r => r.LearnerId).Select(r => r.ToMessage(TrustCap));
    }

    /// <summary>
    /// Starts a pairing. The mentor's row is locked first, so two pairings racing for a mentor's last place are taken
    /// one after the other and the cap holds; the mentee's learner row is locked too, for one open pairing each.
    /// </summary>
    public async Task<MentoringPairing> StartAsync(UnitOfWork unit, Guid mentorId, Guid menteeId, DateOnly startedOn, string actor)
    {
        var mentor = await unit.QuerySingleOrDefaultAsync<MentorLock>(
            "select t.cap as own_cap, l.kind from mentors t join learners l on l.learner_id = t.learner_id where t.learner_id = @mentorId for update of t",
            new { mentorId })
            ?? throw new NotFoundException($"No mentor {mentorId}: register them as a mentor first.");
        await LearnerDirectory.ResolveForChangeAsync(unit, mentorId);   // a mentor erased since registering takes no one new
        var mentee = await LearnerDirectory.ResolveForChangeAsync(unit, menteeId, forUpdate: true);
        var counts = (await unit.QuerySingleOrDefaultAsync<OpenCounts>(
            """
            select (select count(*)::int from mentoring_pairings where mentor_id = @mentorId and ended_on is null) as mentor_open,
                   exists (select 1 from mentoring_pairings where mentee_id = @menteeId and ended_on is null) as mentee_paired
            """,
            new { mentorId, menteeId }))!;
        var problems = MentorRules.PairingProblems(new PairingCandidate(
            mentorId, menteeId, mentee.IsMember, counts.MenteePaired, counts.MentorOpen, MentorRules.CapFor(mentor.OwnCap, TrustCap)));
        if (problems.Count > 0)
        {
            throw new ConflictException("The pairing cannot start.", problems);
        }

        var now = clock.GetUtcNowForDatabase();
        var pairingId = Guid.CreateVersion7(now);
        await unit.ExecuteAsync(
            """
            insert into mentoring_pairings (pairing_id, mentor_id, mentee_id, started_on, version, created_at, created_by, updated_at, updated_by)
            values (@pairingId, @mentorId, @menteeId, @startedOn, 1, @now, @actor, @now, @actor)
            """,
            new { pairingId, mentorId, menteeId, startedOn, now = now.UtcDateTime, actor });
        await unit.PublishAsync(new MentoringPairStarted(Guid.CreateVersion7(now), now, 1, pairingId, mentorId, mentor.Kind, menteeId, startedOn));
        return await ReadAsync(unit, pairingId);
    }

    public async Task<MentoringPairing> EndAsync(UnitOfWork unit, Guid pairingId, long expectedVersion, DateOnly endedOn, string actor)
    {
        var pairing = await LockAsync(unit, pairingId);
        Versions.EnsureCurrent("Pairing", pairingId, pairing.Version, expectedVersion);
        if (pairing.EndedOn is not null)
        {
            throw new ConflictException("The pairing has already ended.",
                [new("PAIRING_ENDED", "pairing_id", $"The pairing ended on {pairing.EndedOn:yyyy-MM-dd}.")]);
        }

        if (endedOn < pairing.StartedOn)
        {
            throw new ConflictException("A pairing cannot end before it started.",
                [new("ENDED_BEFORE_START", "ended_on", $"The pairing started on {pairing.StartedOn:yyyy-MM-dd}.")]);
        }

        var now = clock.GetUtcNowForDatabase();
        await unit.ExecuteAsync(
            "update mentoring_pairings set ended_on = @endedOn, version = version + 1, updated_at = @now, updated_by = @actor where pairing_id = @pairingId",
            new { pairingId, endedOn, now = now.UtcDateTime, actor });
        await unit.PublishAsync(new MentoringPairEnded(
            Guid.CreateVersion7(now), now, pairing.Version + 1, pairingId, pairing.MentorId, pairing.MenteeId, pairing.StartedOn, endedOn));
        return await ReadAsync(unit, pairingId);
    }

    public async Task<(MentoringMeeting Meeting, MentoringPairing Pairing)> LogMeetingAsync(UnitOfWork unit, Guid pairingId, DateOnly metOn, int minutes, string actor)
    {
        var pairing = await LockAsync(unit, pairingId);
        if (metOn < pairing.StartedOn || (pairing.EndedOn is { } ended && metOn > ended))
        {
            throw new ConflictException("The meeting falls outside the pairing.",
                [new("MEETING_OUTSIDE_PAIRING", "met_on",
                    $"The pairing runs from {pairing.StartedOn:yyyy-MM-dd}{(pairing.EndedOn is { } e ? $" to {e:yyyy-MM-dd}" : "")}.")]);
        }

        var now = clock.GetUtcNowForDatabase();
        var meetingId = Guid.CreateVersion7(now);
        await unit.ExecuteAsync(
            """
            insert into mentoring_meetings (meeting_id, pairing_id, met_on, duration_minutes, logged_at, logged_by)
            values (@meetingId, @pairingId, @metOn, @minutes, @now, @actor)
            """,
            new { meetingId, pairingId, metOn, minutes, now = now.UtcDateTime, actor });
        var meeting = new MentoringMeeting
        {
            MeetingId = meetingId.ToString(), PairingId = pairingId.ToString(), MetOn = ProtoDates.ToProto(metOn), DurationMinutes = minutes,
            LoggedAt = Timestamp.FromDateTimeOffset(now),
        };
        return (meeting, await ReadAsync(unit, pairingId));
    }

    /// <param name="ownOnly">The member the caller is confined to: only pairings they mentor or are mentored in.</param>
    public async Task<Page<MentoringPairing>> ListPairingsAsync(
        Guid? mentorId, Guid? menteeId, bool openOnly, Guid? ownOnly, int pageSize, Guid? after, CancellationToken cancellationToken)
    {
        var rows = await db.QueryAsync<PairingRow>(
            $"""
            {SelectPairings}
            where (@after::uuid is null or p.pairing_id > @after)
              and (@mentorId::uuid is null or p.mentor_id = @mentorId)
              and (@menteeId::uuid is null or p.mentee_id = @menteeId)
              and (not @openOnly or p.ended_on is null)
              and (@ownOnly::uuid is null or p.mentor_id = @ownOnly or p.mentee_id = @ownOnly)
            order by p.pairing_id limit @limit
            """,
            new { after, mentorId, menteeId, openOnly, ownOnly, limit = pageSize + 1 }, cancellationToken);
        return Page.Of(rows, pageSize, PairingTokenList, r => r.PairingId).Select(r => r.ToMessage());
    }

    /// <summary>
    /// Active members who first became active less than <see cref="TrainingOptions.NewRepresentativeMonths"/> ago, with no
    /// open pairing. PostgreSQL adds months as <see cref="MentorRules.NewUntil"/> does (a month end stays in its month).
    /// </summary>
    public async Task<Page<NewRepresentative>> ListUnmentoredAsync(int pageSize, Guid? after, CancellationToken cancellationToken)
    {
        var months = options.Value.NewRepresentativeMonths;
        var today = clock.Today();
        var rows = await db.QueryAsync<NewRepresentativeRow>(
            $"""
            select s.member_id, {LearnerNames.Name("n")} as name, coalesce(s.level, 0) as level, s.active_since
            from member_standing s {LearnerNames.Join("n", "s.member_id")}
            where s.status = 'active' and s.active_since + make_interval(months => @months) > @today
              and not exists (select 1 from mentoring_pairings p where p.mentee_id = s.member_id and p.ended_on is null)
              and (@after::uuid is null or s.member_id > @after)
            order by s.member_id limit @limit
            """,
            new { months, today, after, limit = pageSize + 1 }, cancellationToken);
        return Page.Of(rows, pageSize, NewRepresentativeTokenList, r => r.MemberId).Select(r => new NewRepresentative
        {
            MemberId = r.MemberId.ToString(), Name = r.Name, Level = r.Level, ActiveSince = ProtoDates.ToProto(r.ActiveSince),
            NewUntil = ProtoDates.ToProto(MentorRules.NewUntil(r.ActiveSince, months)),
        });
    }

    /// <summary>Subject access: the pairings the member mentors or is mentored in.</summary>
    public async Task<IReadOnlyList<MentoringPairing>> ListForMemberAsync(UnitOfWork unit, Guid memberId) =>
        [.. (await unit.QueryAsync<PairingRow>($"{SelectPairings} where p.mentor_id = @memberId or p.mentee_id = @memberId order by p.pairing_id", new { memberId }))
            .Select(r => r.ToMessage())];

    /// <summary>
    /// Erasure: mentoring holds no free text about anyone (meetings are a date and a length) and takes names from the
    /// member directory, which erases them; pairings stay as anonymous facts, so there is nothing to remove here.
    /// </summary>
    public Task EraseMemberAsync(UnitOfWork unit, Guid memberId) => Task.CompletedTask;

    private static Task<long?> VersionAsync(UnitOfWork unit, Guid learnerId) =>
        unit.QuerySingleOrDefaultAsync<long?>("select version from mentors where learner_id = @learnerId for update", new { learnerId });

    private static async Task<PairingLock> LockAsync(UnitOfWork unit, Guid pairingId) =>
        await unit.QuerySingleOrDefaultAsync<PairingLock>(
            "select mentor_id, mentee_id, started_on, ended_on, version from mentoring_pairings where pairing_id = @pairingId for update", new { pairingId })
        ?? throw new NotFoundException($"No mentoring pairing has id {pairingId}.");

    private static async Task<MentoringPairing> ReadAsync(UnitOfWork unit, Guid pairingId) =>
        (await unit.QuerySingleOrDefaultAsync<PairingRow>($"{SelectPairings} where p.pairing_id = @pairingId", new { pairingId }))!.ToMessage();

    private sealed record MentorLock(int? OwnCap, string Kind);

    private sealed record OpenCounts(int MentorOpen, bool MenteePaired);

    private sealed record PairingLock(Guid MentorId, Guid MenteeId, DateOnly StartedOn, DateOnly? EndedOn, long Version);

    private sealed class MentorRow
    {
        public Guid LearnerId { get; init; }
        public string Name { get; init; } = "";
        public string Kind { get; init; } = "";
        public int? OwnCap { get; init; }
        public long Version { get; init; }
        public int OpenPairings { get; init; }

        public Mentor ToMessage(int trustCap) => new()
        {
            LearnerId = LearnerId.ToString(), Name = Name, OwnCap = OwnCap ?? 0, Cap = MentorRules.CapFor(OwnCap, trustCap),
            OpenPairings = OpenPairings, Version = Version, Kind = CodeNames.Parse<LearnerKind>(Kind),
        };
    }

    private sealed class PairingRow
    {
        public Guid PairingId { get; init; }
        public Guid MentorId { get; init; }
        public string MentorName { get; init; } = "";
        public Guid MenteeId { get; init; }
        public string MenteeName { get; init; } = "";
        public DateOnly StartedOn { get; init; }
        public DateOnly? EndedOn { get; init; }
        public long Version { get; init; }
        public int Meetings { get; init; }
        public int MinutesMet { get; init; }
        public DateOnly? LastMetOn { get; init; }

        public MentoringPairing ToMessage() => new()
        {
            PairingId = PairingId.ToString(), MentorId = MentorId.ToString(), MentorName = MentorName, MenteeMemberId = MenteeId.ToString(),
            MenteeName = MenteeName, StartedOn = ProtoDates.ToProto(StartedOn), EndedOn = ProtoDates.ToProto(EndedOn),
            Meetings = Meetings, MinutesMet = MinutesMet, LastMetOn = ProtoDates.ToProto(LastMetOn), Version = Version,
        };
    }

    private sealed class NewRepresentativeRow
    {
        public Guid MemberId { get; init; }
        public string Name { get; init; } = "";
        public int Level { get; init; }
        public DateOnly ActiveSince { get; init; }
    }
}
