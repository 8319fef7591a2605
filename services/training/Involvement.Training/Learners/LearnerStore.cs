using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Errors;
using Involvement.Training.V1;
using Npgsql;

namespace Involvement.Training.Learners;

/// <summary>
/// Learners as the API shows them: members named from the member directory, staff from their own row. Every member
/// the directory knows is listed, whether or not training has used them yet.
/// </summary>
public sealed class LearnerStore(Db db, TimeProvider clock)
{
    public const string TokenList = "learners";

    private const string Select =
        """
        select * from (
            select k.member_id as learner_id, 'member' as kind, k.display_name as name, k.member_version, null::text as staff_reference, 0::bigint as version
            from known_members k
            union all
            select l.learner_id, l.kind, l.staff_name, 0, l.staff_reference, l.version from learners l where l.kind = 'staff'
        ) x
        """;

    public async Task<Learner> RegisterStaffAsync(UnitOfWork unit, string staffReference, string name, string actor)
    {
        var now = clock.GetUtcNowForDatabase();
        var id = Guid.CreateVersion7(now);
        var created = await unit.ExecuteAsync(
            """
            insert into learners (learner_id, kind, staff_reference, staff_name, version, created_at, created_by, updated_at, updated_by)
            values (@id, 'staff', @staffReference, @name, 1, @now, @actor, @now, @actor)
            on conflict (staff_reference) do nothing
            """,
            new { id, staffReference, name, now = now.UtcDateTime, actor });
        return created == 0 ? throw ReferenceTaken(staffReference) : await ReadAsync(unit, id);
    }

    public async Task<Learner> UpdateStaffAsync(UnitOfWork unit, Guid learnerId, long expectedVersion, string staffReference, string name, string actor)
    {
        var version = await unit.QuerySingleOrDefaultAsync<long?>(
            "select version from learners where learner_id = @learnerId and kind = 'staff' for update", new { learnerId })
            ?? throw new NotFoundException($"No member of staff is registered as learner {learnerId} (a member's name comes from recruitment).");
        Versions.EnsureCurrent("Learner", learnerId, version, expectedVersion);
        try
        {
            await unit.ExecuteAsync(
                """
                update learners set staff_reference = @staffReference, staff_name = @name, version = version + 1, updated_at = @now, updated_by = @actor
                where learner_id = @learnerId
                """,
                new { learnerId, staffReference, name, now = clock.GetUtcNowForDatabase().UtcDateTime, actor });
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw ReferenceTaken(staffReference);
        }

        return await ReadAsync(unit, learnerId);
    }

    /// <summary>A member (made a learner on first use) or a member of staff.</summary>
    public async Task<Learner> GetAsync(Guid learnerId, CancellationToken cancellationToken) =>
        (await db.QuerySingleOrDefaultAsync<LearnerRow>($"{Select} where x.learner_id = @learnerId", new { learnerId }, cancellationToken))?.ToMessage()
        ?? throw new NotFoundException($"No learner {learnerId}: no such member has come from recruitment yet, and no member of staff has this id.");

    /// <summary>The member as a learner, for their subject access export; null if training has never heard of them.</summary>
    public static async Task<Learner?> FindMemberAsync(UnitOfWork unit, Guid memberId) =>
        (await unit.QuerySingleOrDefaultAsync<LearnerRow>($"{Select} where x.learner_id = @memberId and x.kind = 'member'", new { memberId }))?.ToMessage();

    /// <summary>
    /// Marks the member erased, so nothing new is recorded about them (<see cref="LearnerDirectory.ResolveForChangeAsync"/>),
    /// even if the erasure arrives before training has heard of them. Their name lives in known_members, which the
    /// member directory's own consumer replaces with "Erased member".
    /// </summary>
    public static Task EraseMemberAsync(UnitOfWork unit, Guid memberId) =>
        unit.ExecuteAsync(
            """
            insert into learners (learner_id, kind, version, created_at, created_by, updated_at, updated_by, erased_at)
            values (@memberId, 'member', 1, now(), 'erasure', now(), 'erasure', now())
            on conflict (learner_id) do update set erased_at = now(), version = learners.version + 1, updated_at = now(), updated_by = 'erasure'
            where learners.kind = 'member' and learners.erased_at is null
            """,
            new { memberId });

    public async Task<Page<Learner>> ListAsync(string? kind, int pageSize, Guid? after, CancellationToken cancellationToken)
    {
        var rows = await db.QueryAsync<LearnerRow>(
            $"""
            {Select}
            where (@kind::text is null or x.kind = @kind) and (@after::uuid is null or x.learner_id > @after)
            order by x.learner_id limit @limit
            """,
            new { kind, after, limit = pageSize + 1 }, cancellationToken);
        return Page.Of(rows, pageSize, TokenList, r => r.LearnerId).Select(r => r.ToMessage());
    }

    private static async Task<Learner> ReadAsync(UnitOfWork unit, Guid learnerId) =>
        (await unit.QuerySingleOrDefaultAsync<LearnerRow>($"{Select} where x.learner_id = @learnerId", new { learnerId }))?.ToMessage()
        ?? throw new NotFoundException($"No learner {learnerId}.");

    private static AlreadyExistsException ReferenceTaken(string staffReference) =>
        new($"A member of staff with reference {staffReference} is already registered.");

    private sealed class LearnerRow
    {
        public Guid LearnerId { get; init; }
        public string Kind { get; init; } = "";
        public string Name { get; init; } = "";
        public long MemberVersion { get; init; }
        public string? StaffReference { get; init; }
        public long Version { get; init; }

        public Learner ToMessage() => new()
        {
            LearnerId = LearnerId.ToString(), Kind = CodeNames.Parse<LearnerKind>(Kind), Name = Name, MemberVersion = MemberVersion,
            StaffReference = StaffReference ?? "", Version = Version,
        };
    }
}
