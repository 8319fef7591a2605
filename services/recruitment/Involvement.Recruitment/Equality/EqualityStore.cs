using Involvement.Recruitment.Members;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Errors;
using Involvement.Recruitment.V1;

namespace Involvement.Recruitment.Equality;

/// <summary>
/// Equality answers, apart from the member record. Every read and change writes an access-log row in the same
/// transaction, so there is no read without its record of who, whose, when and why.
/// </summary>
public sealed class EqualityStore(Db db, TimeProvider clock)
{
    public async Task<EqualityMonitoring> RecordAsync(UnitOfWork unit, Guid memberId, EqualityAnswers answers, bool consentToOutreach, string actor)
    {
        await MemberGuard.LockWritableAsync(unit, memberId);
        var now = clock.GetUtcNowForDatabase().UtcDateTime;
        await unit.ExecuteAsync(
            """
            insert into equality_monitoring (member_id, answers, consent_to_outreach, consent_to_outreach_at, recorded_at, recorded_by)
            values (@memberId, @answers::jsonb, @consentToOutreach, case when @consentToOutreach then @now end, @now, @actor)
            on conflict (member_id) do update set
                answers = excluded.answers, recorded_at = excluded.recorded_at, recorded_by = excluded.recorded_by,
                consent_to_outreach = excluded.consent_to_outreach,
                consent_to_outreach_at = case
                    when not excluded.consent_to_outreach then null
                    when equality_monitoring.consent_to_outreach then equality_monitoring.consent_to_outreach_at
                    else excluded.consent_to_outreach_at end
            """,
            new { memberId, answers = ProtoJson.Format(answers), consentToOutreach, now, actor });
        await LogAsync(unit, memberId, actor, "recorded", "recorded the member's answers", now);
        return (await ReadAsync(unit, memberId))!;
    }

    public async Task<EqualityMonitoring> GetAsync(UnitOfWork unit, Guid memberId, string purpose, string actor) =>
        await FindAsync(unit, memberId, purpose, actor)
        ?? throw new NotFoundException($"Member {memberId} has not completed equality monitoring.");

    /// <summary>
    /// The member's answers, or null when they gave none. A read writes its access-log row in the caller's
    /// transaction, so no read happens without its record.
    /// </summary>
    public async Task<EqualityMonitoring?> FindAsync(UnitOfWork unit, Guid memberId, string purpose, string actor)
    {
        await EnsureMemberAsync(unit, memberId);
        var monitoring = await ReadAsync(unit, memberId);
        if (monitoring is not null)
        {
            await LogAsync(unit, memberId, actor, "read", purpose, clock.GetUtcNowForDatabase().UtcDateTime);
        }

        return monitoring;
    }

    /// <summary>Who read or changed the member's answers, newest first; <paramref name="limit"/> null for all of it.</summary>
    public async Task<IReadOnlyList<EqualityAccess>> ListAccessAsync(Guid memberId, int? limit, CancellationToken cancellationToken)
    {
        var rows = await db.QueryAsync<AccessRow>(
            """
            select accessed_by, action, purpose, accessed_at from equality_access_log where member_id = @memberId
            order by accessed_at desc, id desc limit @limit
            """,
            new { memberId, limit }, cancellationToken);
        return [.. rows.Select(r => new EqualityAccess
        {
            AccessedBy = r.AccessedBy, Action = r.Action, Purpose = r.Purpose, AccessedAt = Timestamp.FromDateTime(r.AccessedAt),
        })];
    }

    private static async Task EnsureMemberAsync(UnitOfWork unit, Guid memberId)
    {
        if (await unit.QuerySingleOrDefaultAsync<Guid?>("select member_id from members where member_id = @memberId", new { memberId }) is null)
        {
            throw new NotFoundException($"No member has id {memberId}.");
        }
    }

    private static Task<int> LogAsync(UnitOfWork unit, Guid memberId, string actor, string action, string purpose, DateTime at) =>
        unit.ExecuteAsync(
            "insert into equality_access_log (member_id, accessed_by, action, purpose, accessed_at) values (@memberId, @actor, @action, @purpose, @at)",
            new { memberId, actor, action, purpose, at });

    private static async Task<EqualityMonitoring?> ReadAsync(UnitOfWork unit, Guid memberId)
    {
        var row = await unit.QuerySingleOrDefaultAsync<MonitoringRow>(
            "select answers::text as answers, consent_to_outreach, recorded_at, recorded_by from equality_monitoring where member_id = @memberId",
            new { memberId });
        return row is null ? null : new EqualityMonitoring
        {
            MemberId = memberId.ToString(),
            Answers = ProtoJson.Parse<EqualityAnswers>(row.Answers),
            ConsentToOutreach = row.ConsentToOutreach,
            RecordedAt = Timestamp.FromDateTime(row.RecordedAt),
            RecordedBy = row.RecordedBy,
        };
    }

    private sealed record MonitoringRow(string Answers, bool ConsentToOutreach, DateTime RecordedAt, string RecordedBy);

    private sealed record AccessRow(string AccessedBy, string Action, string Purpose, DateTime AccessedAt);
}
