using Involvement.BuildingBlocks.Time;
using Dapper;
using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Errors;
using Involvement.Contracts.Recruitment;
using Involvement.Recruitment.Requests;
using Involvement.Recruitment.V1;
using Microsoft.Extensions.Options;

namespace Involvement.Recruitment.Opportunities;

/// <summary>Opportunities and their sessions. The presence check and papers-due dates are worked out on every write.</summary>
public sealed partial class OpportunityStore(Db db, TimeProvider clock, IOptions<RecruitmentOptions> options)
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
        var attended = (await unit.QueryAsync<(Guid SessionId, DateTime StartsAt, DateTime EndsAt)>(
            """
            select distinct s.session_id, s.starts_at, s.ends_at from attendance a join opportunity_sessions s using (session_id)
            where s.opportunity_id = @opportunityId
            """,
            new { opportunityId })).ToList();
        var dropped = attended.Where(a => !keep.Contains(a.SessionId)).Select(a => a.SessionId).FirstOrDefault();
        if (dropped != Guid.Empty)
        {
            throw new ConflictException($"Session {dropped} has attendance recorded and cannot be removed; send its session_id to keep it.");
        }

        // Attendance was recorded (and paid) against a session's times: they stay as they were.
        var moved = attended.Where(a => sessions.Any(s => s.SessionId == a.SessionId
            && (s.StartsAt.UtcDateTime != DateTime.SpecifyKind(a.StartsAt, DateTimeKind.Utc) || s.EndsAt.UtcDateTime != DateTime.SpecifyKind(a.EndsAt, DateTimeKind.Utc))))
            .Select(a => a.SessionId).FirstOrDefault();
        if (moved != Guid.Empty)
        {
            throw new ConflictException($"Session {moved} has attendance recorded; its times cannot change.");
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
}
