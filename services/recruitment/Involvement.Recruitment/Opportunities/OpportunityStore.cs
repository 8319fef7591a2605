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
    private const string Columns = "opportunity_id, content::text as content, status, presence_flags, papers_due_days_before, created_at, published_at, version";

    public async Task<Opportunity> CreateAsync(UnitOfWork unit, ValidContent content)
    {
        await EnsureAnswersApprovedRequestAsync(unit, content.Content);
        var now = clock.GetUtcNowForDatabase();
        var id = Guid.CreateVersion7(now);
        var days = DaysBefore(content.Content);
        await unit.ExecuteAsync(
            """
            insert into opportunities (opportunity_id, content, status, presence_flags, papers_due_days_before, created_at, updated_at, version)
            values (@id, @content::jsonb, 'draft', @flags, @days, @now, @now, 1)
            """,
            new { id, content = StoredContent(content.Content), flags = Flags(content.Content), days, now = now.UtcDateTime });
        await WriteSessionsAsync(unit, id, content.Sessions, days);
        return (await ReadAsync(unit.Connection, unit.Transaction, id))!;
    }

    public async Task<Opportunity> GetAsync(Guid opportunityId, CancellationToken cancellationToken)
    {
        await using var connection = await db.DataSource.OpenConnectionAsync(cancellationToken);
        return await ReadAsync(connection, null, opportunityId) ?? throw NotFound(opportunityId);
    }

    /// <summary>Reads an opportunity and locks it for the transaction, so decisions about its seats happen one at a time.</summary>
    public async Task<Opportunity> LockForDecisionAsync(UnitOfWork unit, Guid opportunityId)
    {
        await unit.ExecuteAsync("select 1 from opportunities where opportunity_id = @opportunityId for update", new { opportunityId });
        return await ReadAsync(unit.Connection, unit.Transaction, opportunityId) ?? throw NotFound(opportunityId);
    }

    public async Task<ListOpportunitiesResponse> ListAsync(string? status, bool flaggedOnly, int pageSize, Guid? before, CancellationToken cancellationToken)
    {
        await using var connection = await db.DataSource.OpenConnectionAsync(cancellationToken);
        var ids = (await connection.QueryAsync<Guid>(
            """
            select opportunity_id from opportunities
            where (@before::uuid is null or opportunity_id < @before)
              and (@status::text is null or status = @status)
              and (not @flaggedOnly or cardinality(presence_flags) > 0)
            order by opportunity_id desc limit @limit
            """,
            new { before, status, flaggedOnly, limit = pageSize + 1 })).AsList();
        var response = new ListOpportunitiesResponse();
        response.Opportunities.AddRange(await ReadManyAsync(connection, null, [.. ids.Take(pageSize)]));

        if (ids.Count > pageSize)
        {
            response.NextPageToken = PageToken.Encode(TokenList, ids[pageSize - 1]);
        }

        return response;
    }

    public async Task<Opportunity> UpdateAsync(UnitOfWork unit, Guid opportunityId, long expectedVersion, ValidContent content)
    {
        var (status, version) = await LockAsync(unit, opportunityId, expectedVersion);
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
        var opportunity = (await ReadAsync(unit.Connection, unit.Transaction, opportunityId))!;
        if (status == "published")
        {
            var e = Describe(opportunity);
            await unit.PublishAsync(new OpportunityChanged(Guid.CreateVersion7(now), now, version + 1, opportunityId, e.Title, e.RoleType, e.Level,
                e.Rate, e.Seats, e.Reserves, e.HighLevel, e.Flags, e.Outcomes, e.Sessions));
        }

        return opportunity;
    }

    public async Task<Opportunity> PublishAsync(UnitOfWork unit, Guid opportunityId, long expectedVersion)
    {
        var (status, version) = await LockAsync(unit, opportunityId, expectedVersion);
        if (status == "published")
        {
            throw new ConflictException("The opportunity is already published.");
        }

        var current = (await ReadAsync(unit.Connection, unit.Transaction, opportunityId))!;
        var missing = new ValidContent(current.Content, current.Sessions
            .Select(s => new ValidSession(Guid.Parse(s.SessionId), s.StartsAt.ToDateTimeOffset(), s.EndsAt.ToDateTimeOffset(), s.Place, s.Online)).ToList())
            .MissingForPublication();
        if (missing.Count > 0)
        {
            throw new ConflictException("The opportunity is not ready to publish.", missing);
        }

        var now = clock.GetUtcNowForDatabase();
        await unit.ExecuteAsync(
            "update opportunities set status = 'published', published_at = @now, updated_at = @now, version = version + 1 where opportunity_id = @opportunityId",
            new { opportunityId, now = now.UtcDateTime });
        var opportunity = (await ReadAsync(unit.Connection, unit.Transaction, opportunityId))!;
        var e = Describe(opportunity);
        await unit.PublishAsync(new OpportunityPublished(Guid.CreateVersion7(now), now, version + 1, opportunityId, e.Title, e.RoleType, e.Level,
            e.Rate, e.Seats, e.Reserves, e.HighLevel, e.Flags, e.Outcomes, e.Sessions));
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

    private static async Task<(string Status, long Version)> LockAsync(UnitOfWork unit, Guid opportunityId, long expectedVersion)
    {
        var row = await unit.QuerySingleOrDefaultAsync<(string Status, long Version)?>(
            "select status, version from opportunities where opportunity_id = @opportunityId for update", new { opportunityId })
            ?? throw NotFound(opportunityId);
        Versions.EnsureCurrent("Opportunity", opportunityId, row.Version, expectedVersion);
        return row;
    }

    private static async Task<Opportunity?> ReadAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid opportunityId) =>
        (await ReadManyAsync(connection, transaction, [opportunityId])).SingleOrDefault();

    /// <summary>Opportunities with their sessions, two queries however many; in the order of the ids, missing ones left out.</summary>
    private static async Task<IReadOnlyList<Opportunity>> ReadManyAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid[] ids)
    {
        var rows = (await connection.QueryAsync<OpportunityRow>($"select {Columns} from opportunities where opportunity_id = any(@ids)",
            new { ids }, transaction)).ToDictionary(r => r.OpportunityId);
        var sessions = (await connection.QueryAsync<SessionRow>(
            """
            select opportunity_id, session_id, starts_at, ends_at, place, online, papers_due_on from opportunity_sessions
            where opportunity_id = any(@ids) order by starts_at
            """,
            new { ids }, transaction)).ToLookup(s => s.OpportunityId);
        return ids.Where(rows.ContainsKey).Select(id => ToMessage(rows[id], sessions[id])).ToList();
    }

    private static Opportunity ToMessage(OpportunityRow row, IEnumerable<SessionRow> sessions)
    {
        var content = ProtoJson.Parse<OpportunityContent>(row.Content);
        var flags = PresenceRule.Check(content.Seats, content.ReserveSeats, content.HighLevel);
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
            Status = row.Status == "published" ? OpportunityStatus.Published : OpportunityStatus.Draft,
            Presence = presence,
            PapersDueDaysBefore = row.PapersDueDaysBefore,
            CreatedAt = Timestamp.FromDateTime(row.CreatedAt),
            PublishedAt = row.PublishedAt is { } published ? Timestamp.FromDateTime(published) : null,
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
        }));
        return opportunity;
    }

    private static (string Title, string RoleType, int? Level, string Rate, int Seats, int Reserves, bool HighLevel, IReadOnlyList<string> Flags, int Outcomes,
        IReadOnlyList<OpportunitySession> Sessions) Describe(Opportunity o) =>
        (o.Content.Title, Codes.Of(o.Content.RoleType), o.Content.LevelRequired == InvolvementLevel.Unspecified ? null : (int)o.Content.LevelRequired,
         o.Content.PaymentOffer?.RateReference ?? "", o.Content.Seats, o.Content.ReserveSeats, o.Content.HighLevel, o.Presence.Flags.ToList(),
         o.Content.IntendedOutcomes.Count,
         o.Sessions.Select(s => new OpportunitySession(Guid.Parse(s.SessionId), s.StartsAt.ToDateTimeOffset(), s.EndsAt.ToDateTimeOffset(), s.Online)).ToList());

    private static NotFoundException NotFound(Guid opportunityId) => new($"No opportunity has id {opportunityId}.");

    private sealed class OpportunityRow
    {
        public Guid OpportunityId { get; init; }
        public string Content { get; init; } = "";
        public string Status { get; init; } = "";
        public int PapersDueDaysBefore { get; init; }
        public DateTime CreatedAt { get; init; }
        public DateTime? PublishedAt { get; init; }
        public long Version { get; init; }
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
    }
}
