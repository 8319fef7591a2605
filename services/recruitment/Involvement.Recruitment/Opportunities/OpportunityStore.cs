using Involvement.BuildingBlocks.Time;
using Dapper;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Errors;
using Involvement.Contracts.Recruitment;
using Involvement.Recruitment.Members;
using Involvement.Recruitment.Requests;
using Involvement.Recruitment.V1;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Involvement.Recruitment.Opportunities;

/// <summary>Opportunities and their sessions. The presence check and papers-due dates are worked out on every write.</summary>
public sealed class OpportunityStore(Db db, TimeProvider clock, IOptions<RecruitmentOptions> options)
{
    public const string TokenList = "opportunities";
    private const string Columns =
        """
        o.opportunity_id, o.content::text as content, o.status, o.owner, o.papers_due_days_before, o.created_at, o.published_at, o.closed_at,
        o.cancelled_at, o.cancellation_reason, o.version,
        (select count(*) from participants p where p.opportunity_id = o.opportunity_id and p.state = 'selected')::int as seats_filled,
        (select count(*) from participants p where p.opportunity_id = o.opportunity_id and p.state = 'reserve')::int as reserves_held,
        (select count(*) from (select 1 from attendance a where a.opportunity_id = o.opportunity_id group by a.session_id
                               having count(*) filter (where a.attended) < 2) thin)::int as thin_sessions
        """;

    public async Task<Opportunity> CreateAsync(UnitOfWork unit, ValidContent content, string? owner)
    {
        await EnsureAnswersApprovedRequestAsync(unit, content.Content);
        var now = clock.GetUtcNowForDatabase();
        var id = Guid.CreateVersion7(now);
        var days = DaysBefore(content.Content);
        await unit.ExecuteAsync(
            """
            insert into opportunities (opportunity_id, content, status, owner, presence_flags, papers_due_days_before, created_at, updated_at, version)
            values (@id, @content::jsonb, 'draft', @owner, @flags, @days, @now, @now, 1)
            """,
            new { id, content = StoredContent(content.Content), owner, flags = Flags(content.Content), days, now = now.UtcDateTime });
        await WriteSessionsAsync(unit, id, content.Sessions, days);
        return await ReadAsync(unit, id);
    }

    public async Task<Opportunity> GetAsync(Guid opportunityId, CancellationToken cancellationToken)
    {
        await using var connection = await db.DataSource.OpenConnectionAsync(cancellationToken);
        return (await ReadManyAsync(connection, null, [opportunityId])).SingleOrDefault() ?? throw NotFound(opportunityId);
    }

    /// <summary>
    /// Reads an opportunity and locks it for the transaction, so decisions about its seats happen one at a time.
    /// <paramref name="actingLead"/> is the project lead acting (null for the PPI team): they may act only on their own.
    /// </summary>
    public async Task<Opportunity> LockForDecisionAsync(UnitOfWork unit, Guid opportunityId, string? actingLead = null)
    {
        var owner = await unit.QuerySingleOrDefaultAsync<(string? Owner, bool Found)?>(
            "select owner, true from opportunities where opportunity_id = @opportunityId for update", new { opportunityId })
            ?? throw NotFound(opportunityId);
        OwnerRule.Ensure(owner.Owner, actingLead);
        return await ReadAsync(unit, opportunityId);
    }

    public async Task<Page<Opportunity>> ListAsync(
        string? status, bool flaggedOnly, string? owner, int pageSize, Guid? before, CancellationToken cancellationToken)
    {
        await using var connection = await db.DataSource.OpenConnectionAsync(cancellationToken);
        var ids = (await connection.QueryAsync<Guid>(
            $"""
            select opportunity_id from opportunities o
            where (@before::uuid is null or opportunity_id < @before)
              and (@status::text is null or status = @status)
              and (@owner::text is null or owner = @owner)
              and (not @flaggedOnly or cardinality(presence_flags) > 0 or {PeopleFlagged})
            order by opportunity_id desc limit @limit
            """,
            new { before, status, owner, flaggedOnly, today = clock.Today(), limit = pageSize + 1 })).AsList();
        var page = Page.Of(ids, pageSize, TokenList, id => id);
        return new(await ReadManyAsync(connection, null, [.. page.Items]), page.NextPageToken);
    }

    public async Task<Opportunity> UpdateAsync(UnitOfWork unit, Guid opportunityId, long expectedVersion, ValidContent content, string? actingLead)
    {
        var current = await LockAsync(unit, opportunityId, expectedVersion, actingLead);
        EnsureOpen(current.Status, "changed");
        if (current.Status == Published)
        {
            var before = await ReadAsync(unit, opportunityId);
            var broken = PublishedRules.Breaches(before, content);
            if (broken.Count > 0)
            {
                throw new ConflictException("The change would break what the published opportunity promised.", broken);
            }
        }

        await EnsureAnswersApprovedRequestAsync(unit, content.Content);
        var now = clock.GetUtcNowForDatabase();
        var days = DaysBefore(content.Content);
        await unit.ExecuteAsync(
            """
            update opportunities set content = @content::jsonb, presence_flags = @flags, papers_due_days_before = @days, updated_at = @now, version = version + 1
            where opportunity_id = @opportunityId
            """,
            new { opportunityId, content = StoredContent(content.Content), flags = Flags(content.Content), days, now = now.UtcDateTime });
        await WriteSessionsAsync(unit, opportunityId, content.Sessions, days);
        var opportunity = await ReadAsync(unit, opportunityId);
        if (current.Status == Published)
        {
            var e = OpportunityEvents.Describe(opportunity);
            await unit.PublishAsync(new OpportunityChanged(Guid.CreateVersion7(now), now, opportunity.Version, opportunityId, e.Title, e.Kind, e.Committee,
                e.CostCentre, e.RoleType, e.Level, e.Rate, e.Seats, e.Reserves, e.HighLevel, e.Flags, e.Outcomes, e.Sessions));
        }

        return opportunity;
    }

    public async Task<Opportunity> PublishAsync(UnitOfWork unit, Guid opportunityId, long expectedVersion)
    {
        var current = await LockAsync(unit, opportunityId, expectedVersion, actingLead: null);
        if (current.Status != Draft)
        {
            throw new ConflictException($"Only a draft can be published; this opportunity is {current.Status}.");
        }

        var draft = await ReadAsync(unit, opportunityId);
        var missing = ValidContent.Of(draft).MissingForPublication();
        if (missing.Count > 0)
        {
            throw new ConflictException("The opportunity is not ready to publish.", missing);
        }

        var now = clock.GetUtcNowForDatabase();
        await unit.ExecuteAsync(
            "update opportunities set status = 'published', published_at = @now, updated_at = @now, version = version + 1 where opportunity_id = @opportunityId",
            new { opportunityId, now = now.UtcDateTime });
        var opportunity = await ReadAsync(unit, opportunityId);
        var e = OpportunityEvents.Describe(opportunity);
        await unit.PublishAsync(new OpportunityPublished(Guid.CreateVersion7(now), now, opportunity.Version, opportunityId, e.Title, e.Kind, e.Committee,
            e.CostCentre, e.RoleType, e.Level, e.Rate, e.Seats, e.Reserves, e.HighLevel, e.Flags, e.Outcomes, e.Sessions));
        return opportunity;
    }

    public async Task<Opportunity> AssignOwnerAsync(UnitOfWork unit, Guid opportunityId, long expectedVersion, string owner)
    {
        var current = await LockAsync(unit, opportunityId, expectedVersion, actingLead: null);
        EnsureOpen(current.Status, "reassigned");
        await unit.ExecuteAsync(
            "update opportunities set owner = @owner, updated_at = @now, version = version + 1 where opportunity_id = @opportunityId",
            new { opportunityId, owner, now = clock.GetUtcNowForDatabase().UtcDateTime });
        return await ReadAsync(unit, opportunityId);
    }

    public async Task<Opportunity> CloseAsync(UnitOfWork unit, Guid opportunityId, long expectedVersion, string? actingLead)
    {
        var current = await LockAsync(unit, opportunityId, expectedVersion, actingLead);
        if (current.Status != Published)
        {
            throw new ConflictException($"Only a published opportunity can be closed; this one is {current.Status}.");
        }

        var now = clock.GetUtcNowForDatabase();
        await unit.ExecuteAsync(
            "update opportunities set status = 'closed', closed_at = @now, updated_at = @now, version = version + 1 where opportunity_id = @opportunityId",
            new { opportunityId, now = now.UtcDateTime });
        var opportunity = await ReadAsync(unit, opportunityId);
        await unit.PublishAsync(new OpportunityClosed(Guid.CreateVersion7(now), now, opportunity.Version, opportunityId, opportunity.SeatsFilled,
            opportunity.Sessions.Count(s => s.StartsAt.ToDateTimeOffset() <= now)));
        return opportunity;
    }

    public async Task<Opportunity> CancelAsync(UnitOfWork unit, Guid opportunityId, long expectedVersion, string reason, string? actingLead)
    {
        var current = await LockAsync(unit, opportunityId, expectedVersion, actingLead);
        EnsureOpen(current.Status, "cancelled");
        var now = clock.GetUtcNowForDatabase();
        await unit.ExecuteAsync(
            """
            update opportunities set status = 'cancelled', cancelled_at = @now, cancellation_reason = @reason, updated_at = @now, version = version + 1
            where opportunity_id = @opportunityId
            """,
            new { opportunityId, reason, now = now.UtcDateTime });
        var opportunity = await ReadAsync(unit, opportunityId);
        await unit.PublishAsync(new OpportunityCancelled(Guid.CreateVersion7(now), now, opportunity.Version, opportunityId, current.Status == Published));
        return opportunity;
    }

    public async Task<Opportunity> RecordPapersSentAsync(UnitOfWork unit, Guid opportunityId, Guid sessionId, DateTimeOffset sentAt, string? actingLead)
    {
        var opportunity = await LockForDecisionAsync(unit, opportunityId, actingLead);
        EnsureOpen(StatusCode(opportunity.Status), "given papers");
        var session = opportunity.Sessions.FirstOrDefault(s => s.SessionId == sessionId.ToString())
            ?? throw new NotFoundException($"Opportunity {opportunityId} has no session {sessionId}.");
        if (session.PapersSentAt is not null)
        {
            throw new AlreadyExistsException($"Papers for this session were recorded as sent at {session.PapersSentAt.ToDateTimeOffset():u}.");
        }

        await unit.ExecuteAsync("update opportunity_sessions set papers_sent_at = @sentAt where session_id = @sessionId",
            new { sessionId, sentAt = sentAt.UtcDateTime });
        await unit.ExecuteAsync("update opportunities set version = version + 1 where opportunity_id = @opportunityId", new { opportunityId });
        var now = clock.GetUtcNowForDatabase();
        var dueOn = ProtoDates.ToDateOnly(session.PapersDueOn);
        await unit.PublishAsync(new PapersSent(Guid.CreateVersion7(now), now, opportunity.Version + 1, opportunityId, sessionId, dueOn, sentAt,
            OnTime: UkTime.DateOf(sentAt) <= dueOn));
        return await ReadAsync(unit, opportunityId);
    }

    /// <summary>
    /// Sessions of published opportunities whose papers are late: due before today and still not sent for a session
    /// yet to start, or sent after they were due. In the order the sessions were created.
    /// </summary>
    public async Task<Page<LatePapers>> ListLatePapersAsync(string? owner, int pageSize, Guid? after, CancellationToken cancellationToken)
    {
        await using var connection = await db.DataSource.OpenConnectionAsync(cancellationToken);
        var rows = (await connection.QueryAsync<(Guid OpportunityId, Guid SessionId)>(
            """
            select s.opportunity_id, s.session_id from opportunity_sessions s join opportunities o using (opportunity_id)
            where o.status = 'published' and (@owner::text is null or o.owner = @owner)
              and (@after::uuid is null or s.session_id > @after)
              and ((s.papers_sent_at is null and s.papers_due_on < @today and s.starts_at > @now)
                   or (s.papers_sent_at at time zone 'Europe/London')::date > s.papers_due_on)
            order by s.session_id limit @limit
            """,
            new { owner, after, today = clock.Today(), now = clock.GetUtcNow().UtcDateTime, limit = pageSize + 1 })).AsList();
        var page = Page.Of(rows, pageSize, LatePapersTokenList, r => r.SessionId);
        var opportunities = (await ReadManyAsync(connection, null, [.. page.Items.Select(r => r.OpportunityId).Distinct()]))
            .ToDictionary(o => o.OpportunityId);
        return page.Select(r =>
        {
            var o = opportunities[r.OpportunityId.ToString()];
            return new LatePapers
            {
                OpportunityId = o.OpportunityId, Title = o.Content.Title, Owner = o.Owner,
                Session = o.Sessions.Single(s => s.SessionId == r.SessionId.ToString()),
            };
        });
    }

    private static async Task EnsureAnswersApprovedRequestAsync(UnitOfWork unit, OpportunityContent content)
    {
        if (content.InvolvementRequestId.Length > 0)
        {
            await InvolvementRequestStore.EnsureApprovedAsync(unit, Guid.Parse(content.InvolvementRequestId));
        }
    }

    private int DaysBefore(OpportunityContent content) =>
        content.PapersDueDaysBefore > 0 ? content.PapersDueDaysBefore : options.Value.PapersDueDaysBefore;

    private static string[] Flags(OpportunityContent c) => PresenceRule.Check(c.Seats, c.ReserveSeats, c.HighLevel).Select(f => f.Code).ToArray();

    private static string StoredContent(OpportunityContent content)
    {
        var stored = content.Clone();
        stored.Sessions.Clear();   // sessions live in their own table
        return ProtoJson.Format(stored);
    }

    /// <summary>Keeps sessions whose ids are given, adds the rest, removes those no longer listed.</summary>
    private static async Task WriteSessionsAsync(UnitOfWork unit, Guid opportunityId, IReadOnlyList<ValidSession> sessions, int daysBefore)
    {
        var existing = (await unit.QueryAsync<Guid>("select session_id from opportunity_sessions where opportunity_id = @opportunityId", new { opportunityId })).ToHashSet();
        var unknown = sessions.Where(s => s.SessionId is { } id && !existing.Contains(id)).Select(s => s.SessionId).ToList();
        if (unknown.Count > 0)
        {
            throw new ConflictException($"Session {unknown[0]} is not part of this opportunity; leave session_id empty for a new session.");
        }

        var keep = sessions.Where(s => s.SessionId is not null).Select(s => s.SessionId!.Value).ToArray();
        var attended = await unit.QuerySingleOrDefaultAsync<Guid?>(
            "select a.session_id from attendance a join opportunity_sessions s using (session_id) where s.opportunity_id = @opportunityId and not (s.session_id = any(@keep)) limit 1",
            new { opportunityId, keep });
        if (attended is { } kept)
        {
            throw new ConflictException($"Session {kept} has attendance recorded and cannot be removed; send its session_id to keep it.");
        }

        await unit.ExecuteAsync("delete from opportunity_sessions where opportunity_id = @opportunityId and not (session_id = any(@keep))", new { opportunityId, keep });
        foreach (var s in sessions)
        {
            await unit.ExecuteAsync(
                """
                insert into opportunity_sessions (session_id, opportunity_id, starts_at, ends_at, place, online, papers_due_on)
                values (@id, @opportunityId, @starts, @ends, @Place, @Online, @papersDue)
                on conflict (session_id) do update set starts_at = excluded.starts_at, ends_at = excluded.ends_at, place = excluded.place,
                    online = excluded.online, papers_due_on = excluded.papers_due_on
                """,
                new
                {
                    id = s.SessionId ?? Guid.CreateVersion7(), opportunityId, starts = s.StartsAt.UtcDateTime, ends = s.EndsAt.UtcDateTime, s.Place, s.Online,
                    papersDue = PapersDue.For(s.StartsAt, daysBefore),
                });
        }
    }

    private const string Draft = "draft";
    private const string Published = "published";

    // The people side of the presence rule, as SQL, so "flagged only" lists what the flags say (see PresenceRule).
    private const string PeopleFlagged =
        """
        (o.status in ('published', 'closed')
            and exists (select 1 from opportunity_sessions s where s.opportunity_id = o.opportunity_id and s.papers_due_on <= @today)
            and ((select count(*) from participants p where p.opportunity_id = o.opportunity_id and p.state = 'selected') < 2
                 or (coalesce((o.content->>'highLevel')::boolean, false)
                     and not exists (select 1 from participants p where p.opportunity_id = o.opportunity_id and p.state = 'reserve'))))
        or exists (select 1 from attendance a where a.opportunity_id = o.opportunity_id group by a.session_id
                   having count(*) filter (where a.attended) < 2)
        """;

    public const string LatePapersTokenList = "late-papers";

    /// <summary>Only drafts and published opportunities change; closed and cancelled ones are history.</summary>
    private static void EnsureOpen(string status, string what)
    {
        if (status is not (Draft or Published))
        {
            throw new ConflictException($"The opportunity is {status}; it can no longer be {what}.");
        }
    }

    public static string StatusCode(OpportunityStatus status) => CodeNames.Of(status);

    private static async Task<(string Status, long Version)> LockAsync(UnitOfWork unit, Guid opportunityId, long expectedVersion, string? actingLead)
    {
        var row = await unit.QuerySingleOrDefaultAsync<(string Status, long Version, string? Owner)?>(
            "select status, version, owner from opportunities where opportunity_id = @opportunityId for update", new { opportunityId })
            ?? throw NotFound(opportunityId);
        OwnerRule.Ensure(row.Owner, actingLead);
        Versions.EnsureCurrent("Opportunity", opportunityId, row.Version, expectedVersion);
        return (row.Status, row.Version);
    }

    /// <summary>An opportunity as this transaction sees it.</summary>
    public async Task<Opportunity> ReadAsync(UnitOfWork unit, Guid opportunityId) =>
        (await ReadManyAsync(unit.Connection, unit.Transaction, [opportunityId])).Single();

    /// <summary>Opportunities with their sessions, two queries however many; in the order of the ids, missing ones left out.</summary>
    private async Task<IReadOnlyList<Opportunity>> ReadManyAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid[] ids)
    {
        var rows = (await connection.QueryAsync<OpportunityRow>($"select {Columns} from opportunities o where o.opportunity_id = any(@ids)",
            new { ids }, transaction)).ToDictionary(r => r.OpportunityId);
        var sessions = (await connection.QueryAsync<SessionRow>(
            """
            select opportunity_id, session_id, starts_at, ends_at, place, online, papers_due_on, papers_sent_at from opportunity_sessions
            where opportunity_id = any(@ids) order by starts_at
            """,
            new { ids }, transaction)).ToLookup(s => s.OpportunityId);
        var today = clock.Today();
        return ids.Where(rows.ContainsKey).Select(id => ToMessage(rows[id], [.. sessions[id]], today)).ToList();
    }

    private static Opportunity ToMessage(OpportunityRow row, IReadOnlyList<SessionRow> sessions, DateOnly today)
    {
        var content = ProtoJson.Parse<OpportunityContent>(row.Content);
        var status = CodeNames.Parse<OpportunityStatus>(row.Status);
        var open = status is OpportunityStatus.Published or OpportunityStatus.Closed;
        var selectionDue = open && sessions.Count > 0 && sessions.Min(s => s.PapersDueOn) <= today;
        var flags = PresenceRule.Check(content.Seats, content.ReserveSeats, content.HighLevel)
            .Concat(PresenceRule.CheckPeople(new PresenceFacts(selectionDue, content.HighLevel, row.SeatsFilled, row.ReservesHeld, row.ThinSessions)))
            .ToList();
        var presence = new PresenceCheck { MeetsRule = flags.Count == 0 };
        presence.Flags.AddRange(flags.Select(f => f.Code));
        presence.Explanations.AddRange(flags.Select(f => f.Description));
        if (PresenceRule.Advice(content.Seats) is { } advice)
        {
            presence.Explanations.Add(advice);
        }

        var opportunity = new Opportunity
        {
            OpportunityId = row.OpportunityId.ToString(),
            Content = content,
            Status = status,
            Presence = presence,
            PapersDueDaysBefore = row.PapersDueDaysBefore,
            CreatedAt = Timestamp.FromDateTime(row.CreatedAt),
            PublishedAt = row.PublishedAt is { } published ? Timestamp.FromDateTime(published) : null,
            ClosedAt = row.ClosedAt is { } closed ? Timestamp.FromDateTime(closed) : null,
            CancelledAt = row.CancelledAt is { } cancelled ? Timestamp.FromDateTime(cancelled) : null,
            CancellationReason = row.CancellationReason ?? "",
            Owner = row.Owner ?? "",
            SeatsFilled = row.SeatsFilled,
            ReservesHeld = row.ReservesHeld,
            Version = row.Version,
        };
        opportunity.Sessions.AddRange(sessions.Select(s => new Session
        {
            SessionId = s.SessionId.ToString(),
            StartsAt = Timestamp.FromDateTime(s.StartsAt),
            EndsAt = Timestamp.FromDateTime(s.EndsAt),
            Place = s.Place ?? "",
            Online = s.Online,
            PapersDueOn = ProtoDates.ToProto(s.PapersDueOn),
            PapersSentAt = s.PapersSentAt is { } sent ? Timestamp.FromDateTime(sent) : null,
            PapersLate = open && (s.PapersSentAt is { } at
                ? UkTime.DateOf(new DateTimeOffset(at, TimeSpan.Zero)) > s.PapersDueOn
                : s.PapersDueOn < today),
        }));
        return opportunity;
    }

    private static NotFoundException NotFound(Guid opportunityId) => new($"No opportunity has id {opportunityId}.");

    private sealed class OpportunityRow
    {
        public Guid OpportunityId { get; init; }
        public string Content { get; init; } = "";
        public string Status { get; init; } = "";
        public string? Owner { get; init; }
        public int PapersDueDaysBefore { get; init; }
        public DateTime CreatedAt { get; init; }
        public DateTime? PublishedAt { get; init; }
        public DateTime? ClosedAt { get; init; }
        public DateTime? CancelledAt { get; init; }
        public string? CancellationReason { get; init; }
        public long Version { get; init; }
        public int SeatsFilled { get; init; }
        public int ReservesHeld { get; init; }
        public int ThinSessions { get; init; }
    }

    private sealed class SessionRow
    {
        public Guid OpportunityId { get; init; }
        public Guid SessionId { get; init; }
        public DateTime StartsAt { get; init; }
        public DateTime EndsAt { get; init; }
        public string? Place { get; init; }
        public bool Online { get; init; }
        public DateOnly PapersDueOn { get; init; }
        public DateTime? PapersSentAt { get; init; }
    }
}
