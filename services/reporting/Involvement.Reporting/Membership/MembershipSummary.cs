using Involvement.BuildingBlocks.Data;
using Involvement.Contracts.Recruitment;
using Involvement.Reporting.Disclosure;
using Involvement.Reporting.V1;

namespace Involvement.Reporting.Membership;

/// <summary>
/// Members in the pool (applicants, active and paused; not those who have left) by type and by pyramid level, every
/// row present (zeros included), counts disclosure-controlled. Placeholders for members whose registration has not
/// arrived yet are not counted.
/// </summary>
public sealed class MembershipSummary(Db db)
{
    public async Task<MembershipCounts> GetAsync(CancellationToken cancellationToken)
    {
        var byType = (await db.QueryAsync<(string Type, long Count)>(
            "select lived_experience_type, count(*) from members where registered_at is not null and status <> 'left' group by lived_experience_type", null, cancellationToken))
            .ToDictionary(r => r.Type, r => r.Count);
        var byLevel = (await db.QueryAsync<(int Level, long Count)>(
            "select involvement_level, count(*) from members where registered_at is not null and status <> 'left' group by involvement_level", null, cancellationToken))
            .ToDictionary(r => r.Level, r => r.Count);

        return new MembershipCounts(
            byType.Values.Sum(),
            [.. LivedExperienceTypes.All.Select(type => new TypeCount
            {
                LivedExperienceType = type,
                Members = new DisclosedCount { Value = DisclosureControl.Count(byType.GetValueOrDefault(type)) },
            })],
            [.. Enumerable.Range(1, 7).Select(level => new LevelCount
            {
                InvolvementLevel = level,
                LevelName = InvolvementLevels.NameOf(level),
                Members = new DisclosedCount { Value = DisclosureControl.Count(byLevel.GetValueOrDefault(level)) },
            })]);
    }
}

/// <param name="TotalMembers">The exact total; only the per-row counts are disclosure-controlled.</param>
public sealed record MembershipCounts(long TotalMembers, IReadOnlyList<TypeCount> ByType, IReadOnlyList<LevelCount> ByLevel);
