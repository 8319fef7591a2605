using Dapper;
using Google.Protobuf.WellKnownTypes;
using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Errors;
using Involvement.BuildingBlocks.Time;
using Involvement.Contracts.Recruitment;
using Involvement.Recruitment.Members;
using Involvement.Recruitment.Opportunities;
using Involvement.Recruitment.V1;
using Npgsql;

namespace Involvement.Recruitment.Participation;

/// <summary>
/// Participants of opportunities. Decisions about an opportunity's seats lock the opportunity, so seats and reserve
/// places are never over-filled; each change writes its event in the same transaction.
/// </summary>
public sealed partial class ParticipantStore(Db db, OpportunityStore opportunities, SelectionEligibility eligibility, TimeProvider clock)
{
    public const string TokenList = "participants";

    private const string Columns =
        """
        p.opportunity_id, p.member_id, m.display_name, p.state, p.invited_at, p.invited_through_outreach, p.interested_at,
        p.decided_at, p.decision_reason, p.withdrawn_at, p.withdrawal_reason, p.version
        """;

    public async Task<IReadOnlyList<Participant>> InviteAsync(UnitOfWork unit, Guid opportunityId, IReadOnlyList<Invitee> invitees)
    {
        var opportunity = await opportunities.LockForDecisionAsync(unit, opportunityId);
        EnsurePublished(opportunity);
        // One row per member, marked as outreach if any listing of them was.
        var outreachOf = invitees.GroupBy(i => Guid.Parse(i.MemberId)).ToDictionary(g => g.Key, g => g.Any(i => i.ThroughOutreach));
        var ids = outreachOf.Keys.ToArray();
        await EnsureActiveAsync(unit, ids, invitation: true);
        var now = clock.GetUtcNowForDatabase().UtcDateTime;
        await unit.ExecuteAsync(
            """
            insert into participants (opportunity_id, member_id, state, invited_at, invited_through_outreach, created_at, version)
            select @opportunityId, t.id, 'invited', @now, t.outreach, @now, 1 from unnest(@ids, @outreach) as t(id, outreach)
            on conflict (opportunity_id, member_id) do nothing
            """,
            new { opportunityId, ids, outreach = ids.Select(id => outreachOf[id]).ToArray(), now });
        var rows = await unit.QueryAsync<ParticipantRow>(
            $"select {Columns} from participants p join members m on m.member_id = p.member_id where p.opportunity_id = @opportunityId and p.member_id = any(@ids)",
            new { opportunityId, ids });
        var byMember = (await WithAttendanceAsync(unit.Connection, unit.Transaction, rows.ToList())).ToDictionary(p => p.MemberId);
        return ids.Select(id => byMember[id.ToString()]).ToList();
    }

    public async Task<Participant> ExpressInterestAsync(UnitOfWork unit, Guid opportunityId, Guid memberId)
    {
        EnsurePublished(await opportunities.LockForDecisionAsync(unit, opportunityId));
        await EnsureActiveAsync(unit, [memberId], invitation: false);
        var now = clock.GetUtcNowForDatabase().UtcDateTime;
        // New, invited or withdrawn people become interested; anyone further along stays where they are.
        await unit.ExecuteAsync(
            """
            insert into participants (opportunity_id, member_id, state, interested_at, created_at, version)
            values (@opportunityId, @memberId, 'interested', @now, @now, 1)
            on conflict (opportunity_id, member_id) do update
                set state = 'interested', interested_at = @now, withdrawn_at = null, withdrawn_from = null, withdrawal_reason = null,
                    version = participants.version + 1
                where participants.state in ('invited', 'withdrawn')
            """,
            new { opportunityId, memberId, now });
        return await ReadAsync(unit.Connection, unit.Transaction, opportunityId, memberId);
    }

    public async Task<Participant> DecideAsync(
        UnitOfWork unit, Guid opportunityId, Guid memberId, long expectedVersion, Decision decision, string reason, string? actingLead)
    {
        var opportunity = await opportunities.LockForDecisionAsync(unit, opportunityId, actingLead);
        EnsurePublished(opportunity);
        await MemberGuard.LockWritableAsync(unit, memberId);
        var current = await LockAsync(unit, opportunityId, memberId, expectedVersion);
        if (!ParticipationRules.MayBeDecided(current.State))
        {
            throw new ConflictException(current.State == ParticipantState.Invited
                ? "The member has been invited but has not expressed interest yet."
                : $"A decision cannot be made on a participant who is {Codes.Of(current.State).Replace('_', ' ')}.");
        }

        var state = ParticipationRules.StateAfter(decision);
        if (state != ParticipantState.NotSelected)
        {
            var exclusions = await eligibility.ExclusionsAsync(opportunity, memberId, unit.CancellationToken);
            if (exclusions.Count > 0)
            {
                throw new ConflictException("The member is not eligible for this opportunity.",
                    [.. exclusions.Select(e => new PreconditionViolation("ELIGIBILITY", e.Code, e.Explanation))]);
            }
        }

        if (state == ParticipantState.Selected)
        {
            await EnsureRoomAsync(unit, opportunityId, "selected", opportunity.Content.Seats, "seats", "offer a reserve place, or a seat holder must withdraw first");
        }
        else if (state == ParticipantState.Reserve && current.State != ParticipantState.Reserve)
        {
            await EnsureRoomAsync(unit, opportunityId, "reserve", opportunity.Content.ReserveSeats, "reserve places", "the member can be told they were not selected this time");
        }

        var now = clock.GetUtcNowForDatabase();
        await unit.ExecuteAsync(
            """
            update participants set state = @state, decided_at = @now, decision_reason = @reason, version = version + 1
            where opportunity_id = @opportunityId and member_id = @memberId
            """,
            new { opportunityId, memberId, state = Codes.Of(state), now = now.UtcDateTime, reason });
        await unit.PublishAsync(state == ParticipantState.NotSelected
            ? new ParticipantNotSelected(Guid.CreateVersion7(now), now, current.Version + 1, opportunityId, memberId)
            : new ParticipantSelected(Guid.CreateVersion7(now), now, current.Version + 1, opportunityId, memberId,
                state == ParticipantState.Selected ? "seat" : "reserve", PromotedFromReserve: false));

        return await ReadAsync(unit.Connection, unit.Transaction, opportunityId, memberId);
    }

    public async Task<Withdrawal> WithdrawAsync(UnitOfWork unit, Guid opportunityId, Guid memberId, long expectedVersion, string reason)
    {
        // Stepping back is for an opportunity still open; after it closes or is cancelled the record stands as it was.
        EnsurePublished(await opportunities.LockForDecisionAsync(unit, opportunityId));
        await MemberGuard.LockWritableAsync(unit, memberId);
        var current = await LockAsync(unit, opportunityId, memberId, expectedVersion);
        if (current.State == ParticipantState.Withdrawn)
        {
            throw new ConflictException("The member has already withdrawn from this opportunity.");
        }

        var now = clock.GetUtcNowForDatabase();
        await unit.ExecuteAsync(
            """
            update participants set state = 'withdrawn', withdrawn_from = state, withdrawn_at = @now, withdrawal_reason = @reason, version = version + 1
            where opportunity_id = @opportunityId and member_id = @memberId
            """,
            new { opportunityId, memberId, now = now.UtcDateTime, reason });
        await unit.PublishAsync(new ParticipantWithdrawn(Guid.CreateVersion7(now), now, current.Version + 1, opportunityId, memberId, Codes.Of(current.State)));
        var promoted = current.State == ParticipantState.Selected ? await PromoteReserveAsync(unit, opportunityId, now) : null;
        return new Withdrawal(await ReadAsync(unit.Connection, unit.Transaction, opportunityId, memberId), promoted);
    }

    public async Task<Page<Participant>> ListAsync(
        Guid? opportunityId, Guid? memberId, ParticipantState state, string? owner, bool showOutreach, int pageSize, Guid? after,
        CancellationToken cancellationToken)
    {
        await using var connection = await db.DataSource.OpenConnectionAsync(cancellationToken);
        // A page runs along the other id: members of an opportunity, or opportunities of a member.
        var rows = (await connection.QueryAsync<ParticipantRow>(
            $"""
            select {Columns} from participants p join members m on m.member_id = p.member_id
            where (@opportunityId::uuid is null or p.opportunity_id = @opportunityId)
              and (@memberId::uuid is null or p.member_id = @memberId)
              and (@state::text is null or p.state = @state)
              and (@owner::text is null or exists (select 1 from opportunities o where o.opportunity_id = p.opportunity_id and o.owner = @owner))
              and (@after::uuid is null or (case when @opportunityId::uuid is null then p.opportunity_id else p.member_id end) > @after)
            order by case when @opportunityId::uuid is null then p.opportunity_id else p.member_id end
            limit @limit
            """,
            new { opportunityId, memberId, state = state == ParticipantState.Unspecified ? null : Codes.Of(state), owner, after, limit = pageSize + 1 })).AsList();
        var page = Page.Of(rows, pageSize, TokenList, r => opportunityId is null ? r.OpportunityId : r.MemberId);
        var participants = await WithAttendanceAsync(connection, null, page.Items);
        if (!showOutreach)
        {
            foreach (var participant in participants)
            {
                participant.InvitedThroughOutreach = false;
            }
        }

        return new(participants, page.NextPageToken);
    }

    private static void EnsurePublished(Opportunity opportunity)
    {
        if (opportunity.Status != OpportunityStatus.Published)
        {
            throw new ConflictException(opportunity.Status == OpportunityStatus.Draft
                ? "The opportunity is still a draft; publish it before inviting people or taking expressions of interest."
                : $"The opportunity is {OpportunityStore.StatusCode(opportunity.Status)}; places on it no longer change.");
        }
    }

    /// <summary>Active, not erased, and (for an invitation) consenting to be invited on some channel; each refusal named.</summary>
    private static async Task EnsureActiveAsync(UnitOfWork unit, Guid[] ids, bool invitation)
    {
        var members = (await unit.QueryAsync<(Guid MemberId, string Status, bool Erased, bool Contactable)>(
            """
            select member_id, status, erased_at is not null, cardinality(invitation_channels) > 0 from members
            where member_id = any(@ids) for share
            """, new { ids })).ToDictionary(r => r.MemberId);
        var problems = ids.Distinct()
            .Select(id => !members.TryGetValue(id, out var m) ? new PreconditionViolation("MEMBER_NOT_FOUND", id.ToString(), $"No member has id {id}.")
                : m.Erased ? new PreconditionViolation("MEMBER_ERASED", id.ToString(), $"Member {id}'s personal data has been erased.")
                : m.Status != "active" ? new PreconditionViolation("MEMBER_NOT_ACTIVE", id.ToString(), $"Member {id} is {m.Status}; only active members take part.")
                : invitation && !m.Contactable ? new PreconditionViolation("NOT_CONTACTABLE", id.ToString(), $"Member {id} has not consented to invitations on any channel.")
                : null)
            .OfType<PreconditionViolation>()
            .ToList();
        if (problems.Count > 0)
        {
            throw new ConflictException(problems.Count == 1 ? problems[0].Description : $"{problems.Count} of the members cannot take part.", problems);
        }
    }

    private static async Task EnsureRoomAsync(UnitOfWork unit, Guid opportunityId, string state, int capacity, string what, string advice)
    {
        var taken = await unit.QuerySingleOrDefaultAsync<int>(
            "select count(*)::int from participants where opportunity_id = @opportunityId and state = @state", new { opportunityId, state });
        if (taken >= capacity)
        {
            throw new ConflictException($"All {capacity} {what} are taken; {advice}.",
                [new PreconditionViolation("CAPACITY", what.Replace(' ', '_'), $"{taken} of {capacity} {what} are taken.")]);
        }
    }

    private static async Task<(ParticipantState State, long Version)> LockAsync(UnitOfWork unit, Guid opportunityId, Guid memberId, long? expectedVersion)
    {
        var row = await unit.QuerySingleOrDefaultAsync<(string State, long Version)?>(
            "select state, version from participants where opportunity_id = @opportunityId and member_id = @memberId for update",
            new { opportunityId, memberId })
            ?? throw new NotFoundException($"Member {memberId} is not on opportunity {opportunityId}; invite them or record their interest first.");
        if (expectedVersion is { } expected)
        {
            Versions.EnsureCurrent("Participant", memberId, row.Version, expected);
        }

        return (Codes.ParticipantStateOf(row.State), row.Version);
    }

    private static async Task<Participant> ReadAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid opportunityId, Guid memberId)
    {
        var row = await connection.QuerySingleAsync<ParticipantRow>(
            $"select {Columns} from participants p join members m on m.member_id = p.member_id where p.opportunity_id = @opportunityId and p.member_id = @memberId",
            new { opportunityId, memberId }, transaction);
        return (await WithAttendanceAsync(connection, transaction, [row]))[0];
    }

    /// <summary>The participants with their attendance, read for all of them at once.</summary>
    private static async Task<IReadOnlyList<Participant>> WithAttendanceAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, IReadOnlyList<ParticipantRow> rows)
    {
        var attendance = (await connection.QueryAsync<AttendanceRow>(
            """
            select a.opportunity_id, a.member_id, a.session_id, a.attended, a.hours, a.recorded_at, a.correction_reason, a.corrected_at
            from attendance a join opportunity_sessions s on s.session_id = a.session_id
            where (a.opportunity_id, a.member_id) in (select * from unnest(@opportunities, @members))
            order by s.starts_at
            """,
            new { opportunities = rows.Select(r => r.OpportunityId).ToArray(), members = rows.Select(r => r.MemberId).ToArray() }, transaction))
            .ToLookup(a => (a.OpportunityId, a.MemberId));
        return rows.Select(row =>
        {
            var participant = row.ToMessage();
            participant.Attendance.AddRange(attendance[(row.OpportunityId, row.MemberId)].Select(a => new AttendanceRecord
            {
                SessionId = a.SessionId.ToString(), Attended = a.Attended, Hours = (double)a.Hours, RecordedAt = Timestamp.FromDateTime(a.RecordedAt),
                CorrectionReason = a.CorrectionReason ?? "", CorrectedAt = ProtoDates.ToTimestamp(a.CorrectedAt),
            }));
            return participant;
        }).ToList();
    }

    private sealed class AttendanceRow
    {
        public Guid OpportunityId { get; init; }
        public Guid MemberId { get; init; }
        public Guid SessionId { get; init; }
        public bool Attended { get; init; }
        public decimal Hours { get; init; }
        public DateTime RecordedAt { get; init; }
        public string? CorrectionReason { get; init; }
        public DateTime? CorrectedAt { get; init; }
    }
}
