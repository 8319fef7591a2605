using Involvement.BuildingBlocks.Time;
using Dapper;
using Google.Protobuf.WellKnownTypes;
using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Errors;
using Involvement.Recruitment.Members;
using Involvement.Recruitment.V1;

namespace Involvement.Recruitment.Community;

/// <summary>Community groups, with the columns lists filter on kept beside their content, and their engagement log.</summary>
public sealed class CommunityGroupStore(Db db, TimeProvider clock)
{
    public const string GroupTokenList = "community-groups";
    public const string EngagementTokenList = "engagements";

    private const string Select =
        """
        select g.group_id, g.content::text as content, g.created_at, g.version,
            (select max(e.occurred_on) from community_engagements e where e.group_id = g.group_id) as last_engaged_on,
            (select count(*)::int from community_engagements e where e.group_id = g.group_id) as engagements
        from community_groups g
        """;

    public async Task<CommunityGroup> AddAsync(UnitOfWork unit, CommunityGroupContent content)
    {
        var now = clock.GetUtcNowForDatabase();
        var id = Guid.CreateVersion7(now);
        await unit.ExecuteAsync(
            """
            insert into community_groups (group_id, content, name, locality, communities_served, created_at, version)
            values (@id, @content::jsonb, @Name, @locality, @served, @now, 1)
            """,
            new { id, content = ProtoJson.Format(content), content.Name, locality = NullIfEmpty(content.Locality), served = content.CommunitiesServed.ToArray(), now = now.UtcDateTime });
        return await ReadAsync(unit, id);
    }

    public async Task<CommunityGroup> UpdateAsync(UnitOfWork unit, Guid groupId, long expectedVersion, CommunityGroupContent content)
    {
        var version = await unit.QuerySingleOrDefaultAsync<long?>("select version from community_groups where group_id = @groupId for update", new { groupId })
            ?? throw NotFound(groupId);
        Versions.EnsureCurrent("Community group", groupId, version, expectedVersion);
        await unit.ExecuteAsync(
            """
            update community_groups set content = @content::jsonb, name = @Name, locality = @locality, communities_served = @served, version = version + 1
            where group_id = @groupId
            """,
            new { groupId, content = ProtoJson.Format(content), content.Name, locality = NullIfEmpty(content.Locality), served = content.CommunitiesServed.ToArray() });
        return await ReadAsync(unit, groupId);
    }

    public Task<CommunityGroup> GetAsync(Guid groupId, CancellationToken cancellationToken) =>
        db.InTransactionAsync(unit => ReadAsync(unit, groupId), cancellationToken);

    public async Task<Page<CommunityGroup>> ListAsync(string? locality, string? served, int pageSize, Guid? after, CancellationToken cancellationToken)
    {
        var rows = await db.QueryAsync<GroupRow>(
            $"""
            {Select}
            where (@after::uuid is null or g.group_id > @after)
              and (@locality::text is null or lower(g.locality) = lower(@locality))
              and (@served::text is null or exists (select 1 from unnest(g.communities_served) c where lower(c) = lower(@served)))
            order by g.group_id limit @limit
            """,
            new { after, locality, served, limit = pageSize + 1 }, cancellationToken);
        return Page.Of(rows, pageSize, GroupTokenList, r => r.GroupId).Select(r => r.ToMessage());
    }

    public async Task<Engagement> LogEngagementAsync(UnitOfWork unit, Guid groupId, DateOnly occurredOn, EngagementKind kind, string summary, string? followUp, string actor)
    {
        if (await unit.QuerySingleOrDefaultAsync<Guid?>("select group_id from community_groups where group_id = @groupId", new { groupId }) is null)
        {
            throw NotFound(groupId);
        }

        var now = clock.GetUtcNowForDatabase();
        var id = Guid.CreateVersion7(now);
        await unit.ExecuteAsync(
            """
            insert into community_engagements (engagement_id, group_id, occurred_on, kind, summary, follow_up, logged_by, logged_at)
            values (@id, @groupId, @occurredOn, @kind, @summary, @followUp, @actor, @now)
            """,
            new { id, groupId, occurredOn, kind = Codes.Of(kind), summary, followUp, actor, now = now.UtcDateTime });
        return new Engagement
        {
            EngagementId = id.ToString(), GroupId = groupId.ToString(), OccurredOn = ProtoDates.ToProto(occurredOn), Kind = kind, Summary = summary,
            FollowUp = followUp ?? "", LoggedBy = actor, LoggedAt = Timestamp.FromDateTimeOffset(now),
        };
    }

    public async Task<Page<Engagement>> ListEngagementsAsync(Guid groupId, int pageSize, Guid? before, CancellationToken cancellationToken)
    {
        if (await db.QuerySingleOrDefaultAsync<Guid?>("select group_id from community_groups where group_id = @groupId", new { groupId }, cancellationToken) is null)
        {
            throw NotFound(groupId);   // not found is an error, not an empty list
        }

        var rows = await db.QueryAsync<EngagementRow>(
            """
            select engagement_id, group_id, occurred_on, kind, summary, follow_up, logged_by, logged_at from community_engagements
            where group_id = @groupId and (@before::uuid is null or engagement_id < @before)
            order by engagement_id desc limit @limit
            """,
            new { groupId, before, limit = pageSize + 1 }, cancellationToken);
        return Page.Of(rows, pageSize, EngagementTokenList, r => r.EngagementId).Select(r => r.ToMessage());
    }

    private static async Task<CommunityGroup> ReadAsync(UnitOfWork unit, Guid groupId) =>
        (await unit.QuerySingleOrDefaultAsync<GroupRow>($"{Select} where g.group_id = @groupId", new { groupId }))?.ToMessage() ?? throw NotFound(groupId);

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    private static NotFoundException NotFound(Guid groupId) => new($"No community group has id {groupId}.");

    private sealed class GroupRow
    {
        public Guid GroupId { get; init; }
        public string Content { get; init; } = "";
        public DateTime CreatedAt { get; init; }
        public long Version { get; init; }
        public DateOnly? LastEngagedOn { get; init; }
        public int Engagements { get; init; }

        public CommunityGroup ToMessage() => new()
        {
            GroupId = GroupId.ToString(),
            Content = ProtoJson.Parse<CommunityGroupContent>(Content),
            CreatedAt = Timestamp.FromDateTime(CreatedAt),
            Version = Version,
            LastEngagedOn = ProtoDates.ToProto(LastEngagedOn),
            Engagements = Engagements,
        };
    }

    private sealed class EngagementRow
    {
        public Guid EngagementId { get; init; }
        public Guid GroupId { get; init; }
        public DateOnly OccurredOn { get; init; }
        public string Kind { get; init; } = "";
        public string Summary { get; init; } = "";
        public string? FollowUp { get; init; }
        public string LoggedBy { get; init; } = "";
        public DateTime LoggedAt { get; init; }

        public Engagement ToMessage() => new()
        {
            EngagementId = EngagementId.ToString(), GroupId = GroupId.ToString(), OccurredOn = ProtoDates.ToProto(OccurredOn), Kind = Codes.EngagementKindOf(Kind),
            Summary = Summary, FollowUp = FollowUp ?? "", LoggedBy = LoggedBy, LoggedAt = Timestamp.FromDateTime(LoggedAt),
        };
    }
}
