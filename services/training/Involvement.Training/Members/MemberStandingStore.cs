using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Time;
using Involvement.Training.V1;

namespace Involvement.Training.Members;

/// <summary>
/// Where each member stands, from recruitment's events: pyramid level (with its history) and status. Level and status
/// each move only forward by the member's aggregate version, so whatever order the events arrive in, the newest wins.
/// </summary>
public sealed class MemberStandingStore
{
    public const string Applicant = "applicant";
    public const string Active = "active";

    public async Task LevelAsync(UnitOfWork unit, Guid memberId, int level, long version, DateTimeOffset occurredAt)
    {
        var on = UkTime.DateOf(occurredAt);
        await unit.ExecuteAsync(
            """
            insert into member_levels (member_id, aggregate_version, level, changed_on) values (@memberId, @version, @level, @on)
            on conflict do nothing;
            insert into member_standing (member_id, level, level_version, updated_at) values (@memberId, @level, @version, now())
            on conflict (member_id) do update set level = excluded.level, level_version = excluded.level_version, updated_at = now()
              where member_standing.level_version < excluded.level_version
            """,
            new { memberId, level, version, on });
    }

    /// <summary>
    /// The member's status; <c>active_since</c> is the earliest day they were seen becoming active, so a member who
    /// pauses and comes back is not new again.
    /// </summary>
    public async Task StatusAsync(UnitOfWork unit, Guid memberId, string status, long version, DateTimeOffset occurredAt)
    {
        DateOnly? activeOn = status == Active ? UkTime.DateOf(occurredAt) : null;
        await unit.ExecuteAsync(
            """
            insert into member_standing (member_id, status, status_version, active_since, updated_at)
            values (@memberId, @status, @version, @activeOn, now())
            on conflict (member_id) do update set
              status = case when member_standing.status_version < excluded.status_version then excluded.status else member_standing.status end,
              status_version = greatest(member_standing.status_version, excluded.status_version),
              active_since = case when excluded.active_since is null then member_standing.active_since
                                  else least(coalesce(member_standing.active_since, excluded.active_since), excluded.active_since) end,
              updated_at = now()
            """,
            new { memberId, status, version, activeOn });
    }

    /// <summary>Subject access: the member's level, status and the day they first became active; null if training has none.</summary>
    public async Task<MemberStanding?> FindAsync(UnitOfWork unit, Guid memberId)
    {
        var row = await unit.QuerySingleOrDefaultAsync<StandingRow>(
            "select level, status, active_since from member_standing where member_id = @memberId", new { memberId });
        return row is null
            ? null
            : new MemberStanding
            {
                Level = row.Level ?? 0,
                Status = row.Status ?? "",
                ActiveSince = ProtoDates.ToProto(row.ActiveSince),
            };
    }

    private sealed class StandingRow
    {
        public int? Level { get; init; }
        public string? Status { get; init; }
        public DateOnly? ActiveSince { get; init; }
    }
}
