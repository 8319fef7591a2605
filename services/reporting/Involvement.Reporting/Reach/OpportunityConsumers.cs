using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Messaging;
using Involvement.BuildingBlocks.Time;
using Involvement.Contracts.Recruitment;
using Involvement.Reporting.Deployment;
using Involvement.Reporting.Metrics;

namespace Involvement.Reporting.Reach;

/// <summary>
/// A consumer of an event about an opportunity: the figures it moves are those of the periods holding the
/// opportunity's sessions (before and after the change) or, when none is known yet, the event's own date.
/// </summary>
public abstract class OpportunityConsumer<TEvent>(Db db) : ReportingConsumer<TEvent>(db)
    where TEvent : class, Contracts.IIntegrationEvent
{
    private DateOnly? _earliestSession;

    protected sealed override string SourceService => DeployedServices.Recruitment;

    protected override string Area => ReachAreas.Opportunities;

    protected override DateOnly AffectsFrom(TEvent message)
    {
        var own = UkTime.DateOf(message.OccurredAt);
        return _earliestSession is { } session && session < own ? session : own;
    }

    /// <summary>Notes the opportunity's earliest session as the read model holds it now (call before and after a change).</summary>
    protected async Task NoteSessionsAsync(UnitOfWork unit, Guid opportunityId)
    {
        // No row rather than a null minimum: Dapper's date handler does not read a null.
        var earliest = await unit.QuerySingleOrDefaultAsync<DateOnly?>(
            "select start_date from opportunity_sessions where opportunity_id = @opportunityId order by start_date limit 1", new { opportunityId });
        Note(earliest);
    }

    protected void Note(DateOnly? date)
    {
        if (date is { } d && (_earliestSession is null || d < _earliestSession))
        {
            _earliestSession = d;
        }
    }
}

/// <summary>
/// Applies the whole state an OpportunityPublished or OpportunityChanged carries when its version is the newest seen:
/// kind, committee, seats, reserves, high level, presence flags and the sessions (replaced). The intended outcomes of
/// the publication itself are kept apart: they are the outcomes recorded at the start. Publishable feedback of the
/// opportunity takes its title.
/// </summary>
public static class OpportunityState
{
    public static async Task ApplyAsync(
        UnitOfWork unit, long version, Guid opportunityId, string title, string kind, string? committee, int seats, int reserveSeats, bool highLevel,
        IReadOnlyList<string> presenceFlags, IReadOnlyList<OpportunitySession> sessions, int? publishedIntendedOutcomes)
    {
        if (publishedIntendedOutcomes is { } intended)
        {
            await unit.ExecuteAsync(
                """
                insert into opportunities (opportunity_id, published_intended_outcomes) values (@opportunityId, @intended)
                on conflict (opportunity_id) do update set published_intended_outcomes = excluded.published_intended_outcomes
                """,
                new { opportunityId, intended });
        }

        var applied = await unit.ExecuteAsync(
            """
            insert into opportunities (opportunity_id, version, title, kind, committee, seats, reserve_seats, high_level, presence_flags)
            values (@opportunityId, @version, @title, @kind, @committee, @seats, @reserveSeats, @highLevel, @presenceFlags)
            on conflict (opportunity_id) do update set
                version = excluded.version, title = excluded.title, kind = excluded.kind, committee = excluded.committee,
                seats = excluded.seats, reserve_seats = excluded.reserve_seats, high_level = excluded.high_level,
                presence_flags = excluded.presence_flags
            where opportunities.version < excluded.version
            """,
            new { opportunityId, version, title, kind, committee, seats, reserveSeats, highLevel, presenceFlags = presenceFlags.ToArray() });
        if (applied == 0)
        {
            return;
        }

        await unit.ExecuteAsync("delete from opportunity_sessions where opportunity_id = @opportunityId", new { opportunityId });
        await unit.ExecuteAsync(
            """
            insert into opportunity_sessions (opportunity_id, session_id, starts_at, start_date)
            select @opportunityId, s.session_id, s.starts_at, s.start_date
            from unnest(@ids, @startsAt, @dates) as s(session_id, starts_at, start_date)
            on conflict do nothing
            """,
            new
            {
                opportunityId,
                ids = sessions.Select(s => s.SessionId).ToArray(),
                startsAt = sessions.Select(s => s.StartsAt.UtcDateTime).ToArray(),
                dates = sessions.Select(s => UkTime.DateOf(s.StartsAt)).ToArray(),
            });
        await unit.ExecuteAsync(
            "update published_feedback set opportunity_title = @title where opportunity_id = @opportunityId and opportunity_title is distinct from @title",
            new { opportunityId, title });
    }
}

public sealed class OpportunityPublishedConsumer(Db db) : OpportunityConsumer<OpportunityPublished>(db)
{
    public override async Task ApplyAsync(OpportunityPublished e, UnitOfWork unit)
    {
        await NoteSessionsAsync(unit, e.OpportunityId);
        Note(e.Sessions.Select(s => (DateOnly?)UkTime.DateOf(s.StartsAt)).Min());
        await OpportunityState.ApplyAsync(unit, e.AggregateVersion, e.OpportunityId, e.Title, e.Kind, e.Committee, e.Seats, e.ReserveSeats, e.HighLevel,
            e.PresenceFlags, e.Sessions, e.IntendedOutcomes);
    }
}

public sealed class OpportunityChangedConsumer(Db db) : OpportunityConsumer<OpportunityChanged>(db)
{
    public override async Task ApplyAsync(OpportunityChanged e, UnitOfWork unit)
    {
        await NoteSessionsAsync(unit, e.OpportunityId);
        Note(e.Sessions.Select(s => (DateOnly?)UkTime.DateOf(s.StartsAt)).Min());
        await OpportunityState.ApplyAsync(unit, e.AggregateVersion, e.OpportunityId, e.Title, e.Kind, e.Committee, e.Seats, e.ReserveSeats, e.HighLevel,
            e.PresenceFlags, e.Sessions, publishedIntendedOutcomes: null);
    }
}

/// <summary>Notes the day an opportunity closed (the first closure seen stands: closing is final).</summary>
public sealed class OpportunityClosedConsumer(Db db) : OpportunityConsumer<OpportunityClosed>(db)
{
    public override async Task ApplyAsync(OpportunityClosed e, UnitOfWork unit)
    {
        await NoteSessionsAsync(unit, e.OpportunityId);
        await unit.ExecuteAsync(
            """
            insert into opportunities (opportunity_id, closed_on) values (@OpportunityId, @closedOn)
            on conflict (opportunity_id) do update set closed_on = least(opportunities.closed_on, excluded.closed_on)
            """,
            new { e.OpportunityId, closedOn = UkTime.DateOf(e.OccurredAt) });
    }
}

/// <summary>A cancelled opportunity is not run and its sessions are not meetings (cancelling is final).</summary>
public sealed class OpportunityCancelledConsumer(Db db) : OpportunityConsumer<OpportunityCancelled>(db)
{
    public override async Task ApplyAsync(OpportunityCancelled e, UnitOfWork unit)
    {
        await NoteSessionsAsync(unit, e.OpportunityId);
        await unit.ExecuteAsync(
            """
            insert into opportunities (opportunity_id, cancelled) values (@OpportunityId, true)
            on conflict (opportunity_id) do update set cancelled = true
            """,
            e);
    }
}

/// <summary>Papers of a session: the highest version wins.</summary>
public sealed class PapersSentConsumer(Db db) : OpportunityConsumer<PapersSent>(db)
{
    public override async Task ApplyAsync(PapersSent e, UnitOfWork unit)
    {
        Note(e.PapersDueOn);
        Note(await unit.QuerySingleOrDefaultAsync<DateOnly?>(
            "select start_date from opportunity_sessions where session_id = @SessionId order by start_date limit 1", e));
        await unit.ExecuteAsync(
            """
            insert into papers (session_id, opportunity_id, papers_due_on, on_time, version)
            values (@SessionId, @OpportunityId, @PapersDueOn, @OnTime, @AggregateVersion)
            on conflict (session_id) do update set
                papers_due_on = excluded.papers_due_on, on_time = excluded.on_time, version = excluded.version
            where papers.version < excluded.version
            """,
            e);
    }
}

/// <summary>A member's place on an opportunity: seat, reserve, not_selected or withdrawn; the highest version wins.</summary>
public static class Places
{
    public static Task ApplyAsync(UnitOfWork unit, Guid opportunityId, Guid memberId, string place, long version) =>
        unit.ExecuteAsync(
            """
            insert into participants (opportunity_id, member_id, place, version) values (@opportunityId, @memberId, @place, @version)
            on conflict (opportunity_id, member_id) do update set place = excluded.place, version = excluded.version
            where participants.version < excluded.version
            """,
            new { opportunityId, memberId, place, version });
}

public sealed class ParticipantSelectedConsumer(Db db) : OpportunityConsumer<ParticipantSelected>(db)
{
    public override async Task ApplyAsync(ParticipantSelected e, UnitOfWork unit)
    {
        await NoteSessionsAsync(unit, e.OpportunityId);
        await Places.ApplyAsync(unit, e.OpportunityId, e.MemberId, e.Place == "seat" ? "seat" : "reserve", e.AggregateVersion);
    }
}

public sealed class ParticipantNotSelectedConsumer(Db db) : OpportunityConsumer<ParticipantNotSelected>(db)
{
    public override async Task ApplyAsync(ParticipantNotSelected e, UnitOfWork unit)
    {
        await NoteSessionsAsync(unit, e.OpportunityId);
        await Places.ApplyAsync(unit, e.OpportunityId, e.MemberId, "not_selected", e.AggregateVersion);
    }
}

public sealed class ParticipantWithdrawnConsumer(Db db) : OpportunityConsumer<ParticipantWithdrawn>(db)
{
    public override async Task ApplyAsync(ParticipantWithdrawn e, UnitOfWork unit)
    {
        await NoteSessionsAsync(unit, e.OpportunityId);
        await Places.ApplyAsync(unit, e.OpportunityId, e.MemberId, "withdrawn", e.AggregateVersion);
    }
}

/// <summary>Attendance per participation: the highest version wins (a correction to not attended takes it away).</summary>
public static class Attendance
{
    public static Task ApplyAsync(
        UnitOfWork unit, Guid participationId, Guid opportunityId, Guid sessionId, Guid memberId, DateTimeOffset sessionStartsAt, bool attended, long version) =>
        unit.ExecuteAsync(
            """
            insert into attendance (participation_id, opportunity_id, session_id, member_id, session_date, attended, version)
            values (@participationId, @opportunityId, @sessionId, @memberId, @sessionDate, @attended, @version)
            on conflict (participation_id) do update set
                opportunity_id = excluded.opportunity_id, session_id = excluded.session_id, member_id = excluded.member_id,
                session_date = excluded.session_date, attended = excluded.attended, version = excluded.version
            where attendance.version < excluded.version
            """,
            new { participationId, opportunityId, sessionId, memberId, sessionDate = UkTime.DateOf(sessionStartsAt), attended, version });
}

public sealed class ParticipationRecordedConsumer(Db db) : ReportingConsumer<ParticipationRecorded>(db)
{
    protected override string SourceService => DeployedServices.Recruitment;

    protected override string Area => ReachAreas.Attendance;

    protected override DateOnly AffectsFrom(ParticipationRecorded message) => UkTime.DateOf(message.SessionStartsAt);

    public override Task ApplyAsync(ParticipationRecorded e, UnitOfWork unit) =>
        Attendance.ApplyAsync(unit, e.ParticipationId, e.OpportunityId, e.SessionId, e.MemberId, e.SessionStartsAt, attended: true, e.AggregateVersion);
}

public sealed class ParticipationCorrectedConsumer(Db db) : ReportingConsumer<ParticipationCorrected>(db)
{
    protected override string SourceService => DeployedServices.Recruitment;

    protected override string Area => ReachAreas.Attendance;

    protected override DateOnly AffectsFrom(ParticipationCorrected message) => UkTime.DateOf(message.SessionStartsAt);

    public override Task ApplyAsync(ParticipationCorrected e, UnitOfWork unit) =>
        Attendance.ApplyAsync(unit, e.ParticipationId, e.OpportunityId, e.SessionId, e.MemberId, e.SessionStartsAt, e.Attended, e.AggregateVersion);
}

public sealed class OpportunityPublishedConsumerDefinition : RetryingConsumerDefinition<OpportunityPublishedConsumer>;

public sealed class OpportunityChangedConsumerDefinition : RetryingConsumerDefinition<OpportunityChangedConsumer>;

public sealed class OpportunityClosedConsumerDefinition : RetryingConsumerDefinition<OpportunityClosedConsumer>;

public sealed class OpportunityCancelledConsumerDefinition : RetryingConsumerDefinition<OpportunityCancelledConsumer>;

public sealed class PapersSentConsumerDefinition : RetryingConsumerDefinition<PapersSentConsumer>;

public sealed class ParticipantSelectedConsumerDefinition : RetryingConsumerDefinition<ParticipantSelectedConsumer>;

public sealed class ParticipantNotSelectedConsumerDefinition : RetryingConsumerDefinition<ParticipantNotSelectedConsumer>;

public sealed class ParticipantWithdrawnConsumerDefinition : RetryingConsumerDefinition<ParticipantWithdrawnConsumer>;

public sealed class ParticipationRecordedConsumerDefinition : RetryingConsumerDefinition<ParticipationRecordedConsumer>;

public sealed class ParticipationCorrectedConsumerDefinition : RetryingConsumerDefinition<ParticipationCorrectedConsumer>;
