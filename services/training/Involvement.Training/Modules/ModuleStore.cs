using Google.Protobuf.WellKnownTypes;
using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Errors;
using Involvement.Training.V1;

namespace Involvement.Training.Modules;

/// <summary>The catalogue's modules and the prerequisite graph between them.</summary>
public sealed class ModuleStore(Db db, TimeProvider clock)
{
    public const string TokenList = "modules";

    private const string Select =
        """
        select m.code, m.title, m.summary, m.audience, m.mode, m.duration_minutes, m.validity_months, m.renewal_window_days, m.status,
            m.version, m.created_at, m.updated_at,
            array(select p.prerequisite_code from module_prerequisites p where p.module_code = m.code order by p.prerequisite_code) as prerequisite_codes
        from modules m
        """;

    public async Task<Module> CreateAsync(UnitOfWork unit, string code, ModuleDetails details, string actor)
    {
        var now = clock.GetUtcNowForDatabase().UtcDateTime;
        var created = await unit.ExecuteAsync(
            """
            insert into modules (code, title, summary, audience, mode, duration_minutes, validity_months, renewal_window_days, status,
                version, created_at, created_by, updated_at, updated_by)
            values (@code, @Title, @Summary, @audience, @mode, @DurationMinutes, @validity, @RenewalWindowDays, @status, 1, @now, @actor, @now, @actor)
            on conflict (code) do nothing
            """,
            Args(code, details, now, actor));
        if (created == 0)
        {
            throw new AlreadyExistsException($"A module with code {code} already exists.");
        }

        await SetPrerequisitesAsync(unit, code, details.PrerequisiteCodes);
        return await ReadAsync(unit, code);
    }

    public async Task<Module> UpdateAsync(UnitOfWork unit, string code, long expectedVersion, ModuleDetails details, string actor)
    {
        var version = await unit.QuerySingleOrDefaultAsync<long?>("select version from modules where code = @code for update", new { code })
            ?? throw NotFound(code);
        Versions.EnsureCurrent($"Module {code}", version, expectedVersion);
        await unit.ExecuteAsync(
            """
            update modules set title = @Title, summary = @Summary, audience = @audience, mode = @mode, duration_minutes = @DurationMinutes,
                validity_months = @validity, renewal_window_days = @RenewalWindowDays, status = @status,
                version = version + 1, updated_at = @now, updated_by = @actor
            where code = @code
            """,
            Args(code, details, clock.GetUtcNowForDatabase().UtcDateTime, actor));
        await SetPrerequisitesAsync(unit, code, details.PrerequisiteCodes);
        return await ReadAsync(unit, code);
    }

    public async Task<Module> GetAsync(string code, CancellationToken cancellationToken) =>
        (await db.QuerySingleOrDefaultAsync<ModuleRow>($"{Select} where m.code = @code", new { code }, cancellationToken))?.ToMessage()
        ?? throw NotFound(code);

    public async Task<Page<Module>> ListAsync(string? status, string? audience, string? mode, int pageSize, string? after, CancellationToken cancellationToken)
    {
        var rows = await db.QueryAsync<ModuleRow>(
            $"""
            {Select}
            where (@after::text is null or m.code > @after collate "C")
              and (@status::text is null or m.status = @status)
              and (@audience::text is null or m.audience = @audience)
              and (@mode::text is null or m.mode = @mode)
            order by m.code collate "C" limit @limit
            """,
            new { after, status, audience, mode, limit = pageSize + 1 }, cancellationToken);
        return Page.Of(rows, pageSize, TokenList, r => r.Code).Select(r => r.ToMessage());
    }

    /// <summary>
    /// Replaces a module's prerequisites after checking each exists and none leads back to the module. Writers of
    /// the graph take turns (a table lock that readers pass), so two changes cannot close a cycle between them.
    /// </summary>
    private static async Task SetPrerequisitesAsync(UnitOfWork unit, string code, IReadOnlyCollection<string> prerequisites)
    {
        await unit.ExecuteAsync("lock table module_prerequisites in share row exclusive mode");
        var known = (await unit.QueryAsync<string>("select code from modules where code = any(@prerequisites)", new { prerequisites = prerequisites.ToArray() }))
            .ToHashSet(StringComparer.Ordinal);
        var unknown = prerequisites.Where(p => !known.Contains(p)).ToList();
        if (unknown.Count > 0)
        {
            throw new ConflictException($"Module {code} names prerequisites that are not in the catalogue.",
                [.. unknown.Select(p => new PreconditionViolation("UNKNOWN_PREREQUISITE", p, $"No module has code {p}."))]);
        }

        var graph = (await unit.QueryAsync<Edge>("select module_code, prerequisite_code from module_prerequisites"))
            .GroupBy(e => e.ModuleCode, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyCollection<string>)[.. g.Select(e => e.PrerequisiteCode)], StringComparer.Ordinal);
        if (PrerequisiteRules.FindCycle(code, prerequisites, graph) is { } chain)
        {
            var described = PrerequisiteRules.Describe(chain);
            throw new ConflictException($"These prerequisites would make a cycle: {described}.",
                [new PreconditionViolation("PREREQUISITE_CYCLE", described, $"A learner could never start: {described}.")]);
        }

        await unit.ExecuteAsync(
            """
            delete from module_prerequisites where module_code = @code and prerequisite_code <> all(@prerequisites);
            insert into module_prerequisites (module_code, prerequisite_code)
            select @code, p from unnest(@prerequisites) p
            on conflict do nothing;
            """,
            new { code, prerequisites = prerequisites.ToArray() });
    }

    private static object Args(string code, ModuleDetails d, DateTime now, string actor) => new
    {
        code, d.Title, d.Summary, audience = CodeNames.Of(d.Audience), mode = CodeNames.Of(d.Mode), d.DurationMinutes,
        validity = d.ValidityMonths == 0 ? (int?)null : d.ValidityMonths, d.RenewalWindowDays, status = CodeNames.Of(d.Status), now, actor,
    };

    private static async Task<Module> ReadAsync(UnitOfWork unit, string code) =>
        (await unit.QuerySingleOrDefaultAsync<ModuleRow>($"{Select} where m.code = @code", new { code }))!.ToMessage();

    private static NotFoundException NotFound(string code) => new($"No module has code {code}.");

    private sealed record Edge(string ModuleCode, string PrerequisiteCode);

    private sealed class ModuleRow
    {
        public string Code { get; init; } = "";
        public string Title { get; init; } = "";
        public string Summary { get; init; } = "";
        public string Audience { get; init; } = "";
        public string Mode { get; init; } = "";
        public int DurationMinutes { get; init; }
        public int? ValidityMonths { get; init; }
        public int RenewalWindowDays { get; init; }
        public string Status { get; init; } = "";
        public long Version { get; init; }
        public DateTime CreatedAt { get; init; }
        public DateTime UpdatedAt { get; init; }
        public string[] PrerequisiteCodes { get; init; } = [];

        public Module ToMessage() => new()
        {
            Code = Code,
            Details = new ModuleDetails
            {
                Title = Title, Summary = Summary, Audience = CodeNames.Parse<ModuleAudience>(Audience), Mode = CodeNames.Parse<ModuleMode>(Mode),
                DurationMinutes = DurationMinutes, ValidityMonths = ValidityMonths ?? 0, RenewalWindowDays = RenewalWindowDays,
                Status = CodeNames.Parse<ModuleStatus>(Status), PrerequisiteCodes = { PrerequisiteCodes },
            },
            Version = Version,
            CreatedAt = Timestamp.FromDateTime(CreatedAt),
            UpdatedAt = Timestamp.FromDateTime(UpdatedAt),
        };
    }
}
