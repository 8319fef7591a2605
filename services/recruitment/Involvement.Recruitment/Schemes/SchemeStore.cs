using Involvement.BuildingBlocks.Time;
using Dapper;
using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Errors;
using Involvement.Contracts.Recruitment;
using Involvement.Recruitment.Members;
using Involvement.Recruitment.V1;
using Npgsql;

namespace Involvement.Recruitment.Schemes;

/// <summary>Scheme memberships: who holds which scheme, since when, and the rules for joining and ending.</summary>
public sealed class SchemeStore(Db db, TimeProvider clock)
{
    private const string Columns = "membership_id, member_id, scheme, started_on, ended_on, end_reason, reviewed_on, review_outcome, review_satisfactory";

    public async Task<IReadOnlyList<CriterionResult>> CheckAsync(Guid memberId, Scheme scheme, CancellationToken cancellationToken)
    {
        await using var connection = await db.DataSource.OpenConnectionAsync(cancellationToken);
        return await CriteriaAsync(connection, null, memberId, scheme);
    }

    public async Task<SchemeMembership> JoinAsync(UnitOfWork unit, Guid memberId, Scheme scheme, DateOnly startedOn)
    {
        // Locking the member serialises joins, so two concurrent requests cannot both open a membership.
        await unit.ExecuteAsync("select 1 from members where member_id = @memberId for update", new { memberId });
        await MemberGuard.LockWritableAsync(unit, memberId);
        var unmet = (await CriteriaAsync(unit.Connection, unit.Transaction, memberId, scheme)).Where(c => !c.Met).ToList();
        if (unmet.Count > 0)
        {
            throw new ConflictException($"The member does not meet the criteria for {Codes.Of(scheme)}.",
                unmet.Select(c => new PreconditionViolation("SCHEME_CRITERION", c.Criterion, c.Reason)).ToList());
        }

        if (await unit.QuerySingleOrDefaultAsync<Guid?>(
                "select membership_id from scheme_memberships where member_id = @memberId and scheme = @scheme and ended_on is null",
                new { memberId, scheme = Codes.Of(scheme) }) is { } current)
        {
            throw new AlreadyExistsException($"The member already holds {Codes.Of(scheme)} (membership {current}).");
        }

        var membershipId = Guid.CreateVersion7();
        await unit.ExecuteAsync(
            "insert into scheme_memberships (membership_id, member_id, scheme, started_on, created_at) values (@membershipId, @memberId, @scheme, @startedOn, now())",
            new { membershipId, memberId, scheme = Codes.Of(scheme), startedOn });
        var now = clock.GetUtcNowForDatabase();
        await unit.PublishAsync(new SchemeMembershipStarted(Guid.CreateVersion7(now), now, 1, membershipId, memberId, Codes.Of(scheme), startedOn));
        return (await ReadAsync(unit, membershipId)).ToMessage();
    }

    public async Task<SchemeMembership> EndAsync(UnitOfWork unit, Guid membershipId, DateOnly endedOn, string reason)
    {
        var row = await LockAsync(unit, membershipId);
        if (row.EndedOn is not null)
        {
            throw new ConflictException($"The membership already ended on {row.EndedOn:yyyy-MM-dd}.");
        }

        if (endedOn < row.StartedOn)
        {
            throw new ConflictException($"A membership cannot end ({endedOn:yyyy-MM-dd}) before it started ({row.StartedOn:yyyy-MM-dd}).");
        }

        if (row.SchemeValue == Scheme.PatientPartner && !row.Tenure.AllowsEndingOn(endedOn))
        {
            throw new ConflictException(
                $"A Patient Partner's tenure lasts six years at most, to {row.Tenure.StartedOn.AddYears(PatientPartnerTenure.MaximumYears).AddDays(-1):yyyy-MM-dd}; it cannot run to {endedOn:yyyy-MM-dd}.");
        }

        await unit.ExecuteAsync("update scheme_memberships set ended_on = @endedOn, end_reason = @reason where membership_id = @membershipId",
            new { membershipId, endedOn, reason });
        var now = clock.GetUtcNowForDatabase();
        await unit.PublishAsync(new SchemeMembershipEnded(Guid.CreateVersion7(now), now, 2, membershipId, row.MemberId, Codes.Of(row.SchemeValue), endedOn));
        return (await ReadAsync(unit, membershipId)).ToMessage();
    }

    public async Task<SchemeMembership> ReviewAsync(UnitOfWork unit, Guid membershipId, DateOnly reviewedOn, string outcome, bool satisfactory)
    {
        var row = await LockAsync(unit, membershipId);
        if (row.SchemeValue != Scheme.PatientPartner || row.EndedOn is not null)
        {
            throw new ConflictException("Only a current Patient Partner membership has a tenure review.");
        }

        if (reviewedOn < row.StartedOn)
        {
            throw new ConflictException($"The review ({reviewedOn:yyyy-MM-dd}) cannot come before the membership started ({row.StartedOn:yyyy-MM-dd}).");
        }

        var tenure = row.Tenure;
        if (tenure.HasEndedBy(reviewedOn))
        {
            throw new ConflictException(
                $"The tenure ended on {tenure.EndsBy:yyyy-MM-dd}: a review had to be recorded by {tenure.ReviewDueOn:yyyy-MM-dd} to open a second three years.");
        }

        await unit.ExecuteAsync(
            "update scheme_memberships set reviewed_on = @reviewedOn, review_outcome = @outcome, review_satisfactory = @satisfactory where membership_id = @membershipId",
            new { membershipId, reviewedOn, outcome, satisfactory });
        return (await ReadAsync(unit, membershipId)).ToMessage();
    }

    public async Task<IReadOnlyList<SchemeMembership>> ListForMemberAsync(Guid memberId, CancellationToken cancellationToken)
    {
        await using var connection = await db.DataSource.OpenConnectionAsync(cancellationToken);
        if (!await connection.ExecuteScalarAsync<bool>("select exists (select 1 from members where member_id = @memberId)", new { memberId }))
        {
            throw new NotFoundException($"No member has id {memberId}.");
        }

        var rows = await connection.QueryAsync<MembershipRow>(
            $"select {Columns} from scheme_memberships where member_id = @memberId order by started_on, membership_id", new { memberId });
        return [.. rows.Select(r => r.ToMessage())];
    }

    public async Task<IReadOnlyList<Milestone>> MilestonesDueAsync(int withinDays, CancellationToken cancellationToken)
    {
        var today = clock.Today();
        var horizon = today.AddDays(withinDays);
        // Only memberships whose review or end can fall by the horizon: started at least three years before it.
        var rows = await db.QueryAsync<MilestoneRow>(
            """
            select s.membership_id, s.member_id, m.display_name, s.started_on, s.reviewed_on, s.review_satisfactory
            from scheme_memberships s join members m on m.member_id = s.member_id
            where s.scheme = 'patient_partner' and s.ended_on is null and s.started_on <= @latestStart
            """,
            new { latestStart = horizon.AddYears(-PatientPartnerTenure.ReviewAfterYears) }, cancellationToken);

        var milestones = new List<Milestone>();
        foreach (var row in rows)
        {
            var tenure = new PatientPartnerTenure(row.StartedOn, row.ReviewSatisfactory == true ? row.ReviewedOn : null);
            if (row.ReviewedOn is null && tenure.ReviewDueOn <= horizon)
            {
                milestones.Add(Milestone(row, MilestoneKind.Review, tenure.ReviewDueOn, today));
            }

            if (tenure.EndsBy <= horizon)
            {
                milestones.Add(Milestone(row, MilestoneKind.TenureEnd, tenure.EndsBy, today));
            }
        }

        return [.. milestones.OrderBy(m => m.DueOn.ToDateTime()).ThenBy(m => m.MemberId, StringComparer.Ordinal)];
    }

    /// <summary>Every scheme needs a member who has not left; Hospital Improvers also meet UHL's five joining criteria.</summary>
    private async Task<IReadOnlyList<CriterionResult>> CriteriaAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid memberId, Scheme scheme)
    {
        var member = await connection.QuerySingleOrDefaultAsync<MemberRow>(
            $"select {MemberRow.Columns} from members where member_id = @memberId", new { memberId }, transaction)
            ?? throw new NotFoundException($"No member has id {memberId}.");
        var today = clock.Today();
        var criteria = new List<CriterionResult>
        {
            new("member_in_pool", member.MemberStatus != MemberStatus.Left,
                member.MemberStatus == MemberStatus.Left ? "The member has left the pool." : $"The member is {member.Status}."),
        };
        if (scheme == Scheme.HospitalImprover)
        {
            var equalityCompleted = await connection.ExecuteScalarAsync<bool>(
                "select exists (select 1 from equality_monitoring where member_id = @memberId)", new { memberId }, transaction);
            criteria.AddRange(HospitalImproverCriteria.Check(new ImproverFacts(
                member.Services.Select(s => s.LastUsed).ToList(),
                member.CodeOfConductAgreedOn,
                ConsentToHoldData: true,   // every member in the pool gave it; withdrawing it erases the member
                member.InvitationChannels.Length > 0,
                equalityCompleted), today));
        }

        return criteria;
    }

    /// <summary>
    /// Locks the member (refusing an erased one), then the membership: the order every write about a member takes,
    /// so a scheme change and an erasure never wait on each other in a circle.
    /// </summary>
    private static async Task<MembershipRow> LockAsync(UnitOfWork unit, Guid membershipId)
    {
        var memberId = await unit.QuerySingleOrDefaultAsync<Guid?>("select member_id from scheme_memberships where membership_id = @membershipId", new { membershipId })
            ?? throw new NotFoundException($"No scheme membership has id {membershipId}.");
        await MemberGuard.LockWritableAsync(unit, memberId);
        return (await unit.QuerySingleOrDefaultAsync<MembershipRow>($"select {Columns} from scheme_memberships where membership_id = @membershipId for update",
            new { membershipId }))!;
    }

    /// <summary>
    /// Ends every scheme the member still holds, today, with the events: a member who leaves the pool or is erased
    /// holds no scheme. Call with the member's row locked.
    /// </summary>
    public async Task EndAllAsync(UnitOfWork unit, Guid memberId, string reason)
    {
        var today = clock.Today();
        var now = clock.GetUtcNowForDatabase();
        var open = await unit.QueryAsync<(Guid MembershipId, string Scheme)>(
            """
            update scheme_memberships set ended_on = greatest(started_on, @today), end_reason = @reason
            where member_id = @memberId and ended_on is null
            returning membership_id, scheme
            """,
            new { memberId, today, reason });
        foreach (var (membershipId, scheme) in open)
        {
            await unit.PublishAsync(new SchemeMembershipEnded(Guid.CreateVersion7(now), now, 2, membershipId, memberId, scheme, today));
        }
    }

    private static async Task<MembershipRow> ReadAsync(UnitOfWork unit, Guid membershipId) =>
        (await unit.QuerySingleOrDefaultAsync<MembershipRow>($"select {Columns} from scheme_memberships where membership_id = @membershipId",
            new { membershipId }))!;

    private static Milestone Milestone(MilestoneRow row, MilestoneKind kind, DateOnly dueOn, DateOnly today) => new()
    {
        MembershipId = row.MembershipId.ToString(),
        MemberId = row.MemberId.ToString(),
        DisplayName = row.DisplayName,
        Kind = kind,
        DueOn = ProtoDates.ToProto(dueOn),
        Overdue = dueOn < today,
    };

    private sealed class MilestoneRow
    {
        public Guid MembershipId { get; init; }
        public Guid MemberId { get; init; }
        public string DisplayName { get; init; } = "";
        public DateOnly StartedOn { get; init; }
        public DateOnly? ReviewedOn { get; init; }
        public bool? ReviewSatisfactory { get; init; }
    }

    private sealed class MembershipRow
    {
        public Guid MembershipId { get; init; }
        public Guid MemberId { get; init; }
        public string Scheme { get; init; } = "";
        public DateOnly StartedOn { get; init; }
        public DateOnly? EndedOn { get; init; }
        public string? EndReason { get; init; }
        public DateOnly? ReviewedOn { get; init; }
        public string? ReviewOutcome { get; init; }
        public bool? ReviewSatisfactory { get; init; }

        public Scheme SchemeValue => Codes.SchemeOf(Scheme);

        public PatientPartnerTenure Tenure => new(StartedOn, ReviewSatisfactory == true ? ReviewedOn : null);

        public SchemeMembership ToMessage()
        {
            var message = new SchemeMembership
            {
                MembershipId = MembershipId.ToString(),
                MemberId = MemberId.ToString(),
                Scheme = SchemeValue,
                StartedOn = ProtoDates.ToProto(StartedOn),
                EndedOn = ProtoDates.ToProto(EndedOn),
                EndReason = EndReason ?? "",
                ReviewedOn = ProtoDates.ToProto(ReviewedOn),
                ReviewOutcome = ReviewOutcome ?? "",
                ReviewSatisfactory = ReviewSatisfactory == true,
            };
            if (SchemeValue == V1.Scheme.PatientPartner)
            {
                var tenure = Tenure;
                message.ReviewDueOn = ProtoDates.ToProto(tenure.ReviewDueOn);
                message.TenureEndsBy = ProtoDates.ToProto(tenure.EndsBy);
            }

            return message;
        }
    }
}
