using Google.Protobuf.WellKnownTypes;
using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Time;
using Involvement.Training.Learners;
using Involvement.Training.V1;

namespace Involvement.Training.Resources;

/// <summary>Resources given to learners: facts (what, to whom, when), no free text.</summary>
public sealed class ResourceStore(Db db, TimeProvider clock)
{
    public const string TokenList = "resources-given";

    private const string Select = "select resource_given_id, learner_id, resource, given_on, recorded_at, recorded_by from resources_given";

    public async Task<ResourceGiven> RecordAsync(UnitOfWork unit, Guid learnerId, ResourceKind resource, DateOnly givenOn, string actor)
    {
        await LearnerDirectory.ResolveForChangeAsync(unit, learnerId);
        var now = clock.GetUtcNowForDatabase();
        var id = Guid.CreateVersion7(now);
        await unit.ExecuteAsync(
            """
            insert into resources_given (resource_given_id, learner_id, resource, given_on, recorded_at, recorded_by)
            values (@id, @learnerId, @resource, @givenOn, @now, @actor)
            """,
            new { id, learnerId, resource = CodeNames.Of(resource), givenOn, now = now.UtcDateTime, actor });
        return (await unit.QuerySingleOrDefaultAsync<ResourceRow>($"{Select} where resource_given_id = @id", new { id }))!.ToMessage();
    }

    /// <summary>Newest first.</summary>
    public async Task<Page<ResourceGiven>> ListAsync(Guid? learnerId, string? resource, int pageSize, Guid? before, CancellationToken cancellationToken)
    {
        var rows = await db.QueryAsync<ResourceRow>(
            $"""
            {Select}
            where (@learnerId::uuid is null or learner_id = @learnerId)
              and (@resource::text is null or resource = @resource)
              and (@before::uuid is null or resource_given_id < @before)
            order by resource_given_id desc limit @limit
            """,
            new { learnerId, resource, before, limit = pageSize + 1 }, cancellationToken);
        return Page.Of(rows, pageSize, TokenList, r => r.ResourceGivenId).Select(r => r.ToMessage());
    }

    /// <summary>Everything given to a member, for their subject access export.</summary>
    public async Task<IReadOnlyList<ResourceGiven>> ListForMemberAsync(UnitOfWork unit, Guid memberId) =>
        [.. (await unit.QueryAsync<ResourceRow>($"{Select} where learner_id = @memberId order by resource_given_id", new { memberId })).Select(r => r.ToMessage())];

    /// <summary>Nothing to erase: what was given and when is an anonymous fact once the member's name is gone.</summary>
    public Task EraseMemberAsync(UnitOfWork unit, Guid memberId) => Task.CompletedTask;

    private sealed class ResourceRow
    {
        public Guid ResourceGivenId { get; init; }
        public Guid LearnerId { get; init; }
        public string Resource { get; init; } = "";
        public DateOnly GivenOn { get; init; }
        public DateTime RecordedAt { get; init; }
        public string RecordedBy { get; init; } = "";

        public ResourceGiven ToMessage() => new()
        {
            ResourceGivenId = ResourceGivenId.ToString(), LearnerId = LearnerId.ToString(), Resource = CodeNames.Parse<ResourceKind>(Resource),
            GivenOn = ProtoDates.ToProto(GivenOn), RecordedAt = Timestamp.FromDateTime(RecordedAt), RecordedBy = RecordedBy,
        };
    }
}
