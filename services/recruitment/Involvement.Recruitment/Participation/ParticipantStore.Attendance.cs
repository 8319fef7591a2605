using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Errors;
using Involvement.Contracts.Recruitment;
using Involvement.Recruitment.Members;
using Involvement.Recruitment.Opportunities;
using Involvement.Recruitment.V1;

namespace Involvement.Recruitment.Participation;

/// <summary>Attendance per session, what payments pays from: recorded once, corrected by the PPI team with a reason.</summary>
public sealed partial class ParticipantStore
{
    public async Task<Participant> RecordAttendanceAsync(
        UnitOfWork unit, Guid opportunityId, Guid sessionId, Guid memberId, bool attended, decimal hours, string actor, string? actingLead)
    {
        var (opportunity, session) = await LockSessionAsync(unit, opportunityId, sessionId, hours, actingLead);
        var now = clock.GetUtcNowForDatabase();
        await MemberGuard.LockWritableAsync(unit, memberId);
        var participant = await LockAsync(unit, opportunityId, memberId, expectedVersion: null);
        var already = await unit.QuerySingleOrDefaultAsync<(bool Attended, decimal Hours)?>(
            "select attended, hours from attendance where session_id = @sessionId and member_id = @memberId", new { sessionId, memberId });
        if (already is { } recorded)
        {
            if (recorded.Attended == attended && recorded.Hours == hours)
            {
                return await ReadAsync(unit.Connection, unit.Transaction, opportunityId, memberId);   // the same record again: nothing new happens
            }

            throw new AlreadyExistsException(
                $"Attendance at this session is already recorded ({(recorded.Attended ? $"attended, {recorded.Hours} hours" : "did not attend")}) and is paid from; it cannot be recorded again.");
        }

        if (participant.State != ParticipantState.Selected && !await HeldSeatAtAsync(unit, opportunityId, memberId, session.StartsAt.ToDateTimeOffset()))
        {
            throw new ConflictException($"Only seat holders have attendance recorded; this member is {Codes.Of(participant.State).Replace('_', ' ')}.");
        }

        await unit.ExecuteAsync(
            """
            insert into attendance (session_id, member_id, opportunity_id, attended, hours, recorded_at, recorded_by)
            values (@sessionId, @memberId, @opportunityId, @attended, @hours, @now, @actor)
            """,
            new { sessionId, memberId, opportunityId, attended, hours, now = now.UtcDateTime, actor });
        await unit.ExecuteAsync("update participants set version = version + 1 where opportunity_id = @opportunityId and member_id = @memberId",
            new { opportunityId, memberId });
        if (attended)
        {
            await unit.PublishAsync(new ParticipationRecorded(Guid.CreateVersion7(now), now, participant.Version + 1,
                ParticipationRules.ParticipationId(sessionId, memberId), opportunityId, sessionId, memberId, Codes.Of(opportunity.Content.RoleType),
                opportunity.Content.PaymentOffer.RateReference, session.StartsAt.ToDateTimeOffset(), hours));
        }

        return await ReadAsync(unit.Connection, unit.Transaction, opportunityId, memberId);
    }

    /// <param name="owner">When a project lead lists: only opportunities they own.</param>
    /// <param name="showOutreach">Whether the caller may see who came through diverse outreach (a proxy for equality data).</param>
    /// <summary>
    /// Corrects recorded attendance (PPI team), with the reason. Payments adjusts from ParticipationCorrected, keyed on
    /// the same participation id; a correction never publishes a second ParticipationRecorded.
    /// </summary>
    public async Task<Participant> CorrectAttendanceAsync(
        UnitOfWork unit, Guid opportunityId, Guid sessionId, Guid memberId, long expectedVersion, bool attended, decimal hours, string reason, string actor)
    {
        var (opportunity, session) = await LockSessionAsync(unit, opportunityId, sessionId, hours, actingLead: null);
        await MemberGuard.LockWritableAsync(unit, memberId);
        var participant = await LockAsync(unit, opportunityId, memberId, expectedVersion);
        var recorded = await unit.QuerySingleOrDefaultAsync<(bool Attended, decimal Hours)?>(
            "select attended, hours from attendance where session_id = @sessionId and member_id = @memberId for update", new { sessionId, memberId })
            ?? throw new NotFoundException("No attendance is recorded for this member at this session; record it first.");
        if (recorded.Attended == attended && recorded.Hours == hours)
        {
            throw new ConflictException("The correction changes nothing: the same attendance is already recorded.");
        }

        var now = clock.GetUtcNowForDatabase();
        await unit.ExecuteAsync(
            """
            update attendance set attended = @attended, hours = @hours, correction_reason = @reason, corrected_at = @now, corrected_by = @actor
            where session_id = @sessionId and member_id = @memberId;
            update participants set version = version + 1 where opportunity_id = @opportunityId and member_id = @memberId;
            """,
            new { sessionId, memberId, opportunityId, attended, hours, reason, now = now.UtcDateTime, actor });
        await unit.PublishAsync(new ParticipationCorrected(Guid.CreateVersion7(now), now, participant.Version + 1,
            ParticipationRules.ParticipationId(sessionId, memberId), opportunityId, sessionId, memberId, Codes.Of(opportunity.Content.RoleType),
            opportunity.Content.PaymentOffer.RateReference, session.StartsAt.ToDateTimeOffset(), attended, hours, recorded.Hours));
        return await ReadAsync(unit.Connection, unit.Transaction, opportunityId, memberId);
    }

    /// <summary>Locks the opportunity (checking the acting lead owns it) and finds a session attendance can be recorded at.</summary>
    private async Task<(Opportunity Opportunity, Session Session)> LockSessionAsync(
        UnitOfWork unit, Guid opportunityId, Guid sessionId, decimal hours, string? actingLead)
    {
        var opportunity = await opportunities.LockForDecisionAsync(unit, opportunityId, actingLead);
        if (opportunity.Status is not (OpportunityStatus.Published or OpportunityStatus.Closed))
        {
            throw new ConflictException($"Attendance is recorded on published or closed opportunities; this one is {OpportunityStore.StatusCode(opportunity.Status)}.");
        }

        if (opportunity.Content.PaymentOffer is not { RateReference.Length: > 0 })
        {
            // Attendance is what payments pays from: it needs the rate people were offered.
            throw new ConflictException("The opportunity has no payment offer; the PPI team must set one before attendance is recorded.");
        }

        var session = opportunity.Sessions.FirstOrDefault(s => s.SessionId == sessionId.ToString())
            ?? throw new NotFoundException($"Opportunity {opportunityId} has no session {sessionId}.");
        if (session.StartsAt.ToDateTimeOffset() > clock.GetUtcNow())
        {
            throw new ConflictException($"The session starts at {session.StartsAt.ToDateTimeOffset():u}; attendance can be recorded once it has started.");
        }

        var length = (decimal)(session.EndsAt.ToDateTimeOffset() - session.StartsAt.ToDateTimeOffset()).TotalHours;
        if (hours > length)
        {
            throw new ConflictException($"The session lasts {length:0.##} hours; attendance cannot be longer.",
                [new PreconditionViolation("SESSION_LENGTH", "hours", $"{hours} hours is more than the session's {length:0.##}.")]);
        }

        return (opportunity, session);
    }

    /// <summary>Whether a member who has since stepped back (or left) held a seat when the session began.</summary>
    private static async Task<bool> HeldSeatAtAsync(UnitOfWork unit, Guid opportunityId, Guid memberId, DateTimeOffset sessionStartsAt) =>
        await unit.QuerySingleOrDefaultAsync<bool>(
            """
            select exists (select 1 from participants where opportunity_id = @opportunityId and member_id = @memberId
                           and state = 'withdrawn' and withdrawn_from = 'selected' and withdrawn_at > @startsAt)
            """,
            new { opportunityId, memberId, startsAt = sessionStartsAt.UtcDateTime });
}
