using Involvement.BuildingBlocks.Time;
using Dapper;
using Google.Protobuf.WellKnownTypes;
using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Errors;
using Involvement.Recruitment.V1;
using Npgsql;

namespace Involvement.Recruitment.Opportunities;

/// <summary>Opportunities as the API shows them: content, sessions with their papers, and the presence check worked out on reading.</summary>
public sealed partial class OpportunityStore
{
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
            PublishedAt = ProtoDates.ToTimestamp(row.PublishedAt),
            ClosedAt = ProtoDates.ToTimestamp(row.ClosedAt),
            CancelledAt = ProtoDates.ToTimestamp(row.CancelledAt),
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
            PapersSentAt = ProtoDates.ToTimestamp(s.PapersSentAt),
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
