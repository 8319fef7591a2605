using Google.Protobuf.WellKnownTypes;
using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Errors;
using Involvement.BuildingBlocks.Money;
using Involvement.BuildingBlocks.Time;
using Involvement.Payments.Fees;
using Involvement.Payments.V1;

namespace Involvement.Payments.Policy;

/// <summary>Rate cards and their versions. A change re-evaluates the unclaimed fee lines it could price differently.</summary>
public sealed class RateCardStore(Db db, FeeLineStore fees, TimeProvider clock)
{
    public async Task<RateCard> CreateAsync(UnitOfWork unit, string reference, RateCardKind kind, string title, RateTermsRow terms, string actor)
    {
        await FeeLocks.RateCardAsync(unit, reference);
        var now = clock.GetUtcNowForDatabase().UtcDateTime;
        var created = await unit.ExecuteAsync(
            """
            insert into rate_cards (reference, kind, title, version, created_at, created_by, updated_at, updated_by)
            values (@reference, @kind, @title, 1, @now, @actor, @now, @actor)
            on conflict (reference) do nothing
            """,
            new { reference, kind = CodeNames.Of(kind), title, now, actor });
        if (created == 0)
        {
            throw new AlreadyExistsException($"A rate card with reference '{reference}' already exists; add a version to change what it pays.");
        }

        await InsertVersionAsync(unit, reference, terms, now, actor);
        await fees.ReevaluateRateCardAsync(unit, reference);
        return await ReadAsync(unit, reference);
    }

    public async Task<RateCard> AddVersionAsync(UnitOfWork unit, string reference, long expectedVersion, RateTermsRow terms, string actor)
    {
        await FeeLocks.RateCardAsync(unit, reference);
        var card = await unit.QuerySingleOrDefaultAsync<(string Kind, long Version)?>(
            "select kind, version from rate_cards where reference = @reference for update", new { reference })
            ?? throw NotFound(reference);
        Versions.EnsureCurrent($"Rate card {reference}", card.Version, expectedVersion);

        EnsureUnitSuits(CodeNames.Parse<RateCardKind>(card.Kind), terms.Unit, "terms.unit");
        var now = clock.GetUtcNowForDatabase().UtcDateTime;
        if (await unit.QuerySingleOrDefaultAsync<bool>(
                "select exists (select 1 from rate_card_versions where reference = @reference and effective_from = @EffectiveFrom)",
                new { reference, terms.EffectiveFrom }))
        {
            throw new AlreadyExistsException($"Rate card {reference} already has a version effective from {terms.EffectiveFrom:yyyy-MM-dd}.");
        }

        await InsertVersionAsync(unit, reference, terms, now, actor);
        await unit.ExecuteAsync("update rate_cards set version = version + 1, updated_at = @now, updated_by = @actor where reference = @reference",
            new { reference, now, actor });
        await fees.ReevaluateRateCardAsync(unit, reference);
        return await ReadAsync(unit, reference);
    }

    public Task<RateCard> GetAsync(string reference, CancellationToken cancellationToken) =>
        db.InTransactionAsync(unit => ReadAsync(unit, reference), cancellationToken);

    public Task<IReadOnlyList<RateCard>> ListAsync(RateCardKind? kind, CancellationToken cancellationToken) =>
        db.InTransactionAsync(async unit =>
        {
            var cards = await unit.QueryAsync<CardRow>(
                "select * from rate_cards where (@kind::text is null or kind = @kind) order by reference",
                new { kind = kind is { } k ? CodeNames.Of(k) : null });
            var versions = (await unit.QueryAsync<VersionRow>(
                    "select v.* from rate_card_versions v join rate_cards c using (reference) where (@kind::text is null or c.kind = @kind) order by v.effective_from",
                    new { kind = kind is { } k2 ? CodeNames.Of(k2) : null }))
                .ToLookup(v => v.Reference);
            return (IReadOnlyList<RateCard>)[.. cards.Select(c => c.ToMessage(versions[c.Reference]))];
        }, cancellationToken);

    /// <summary>A card's versions, oldest first, as pricing reads them; empty when there is no such card.</summary>
    public static async Task<IReadOnlyList<RateTermsRow>> VersionsAsync(UnitOfWork unit, string reference) =>
        [.. (await unit.QueryAsync<VersionRow>(
            "select * from rate_card_versions where reference = @reference order by effective_from", new { reference })).Select(v => v.ToTerms())];

    private static Task<int> InsertVersionAsync(UnitOfWork unit, string reference, RateTermsRow terms, DateTime now, string actor) =>
        unit.ExecuteAsync(
            """
            insert into rate_card_versions (reference, effective_from, unit, amount_pence, monthly_unit_cap, created_at, created_by)
            values (@reference, @EffectiveFrom, @unit, @amount, @MonthlyUnitCap, @now, @actor)
            """,
            new { reference, terms.EffectiveFrom, unit = CodeNames.Of(terms.Unit), amount = terms.Amount.Value, terms.MonthlyUnitCap, now, actor });

    private static void EnsureUnitSuits(RateCardKind kind, RateUnit unit, string field)
    {
        var allowed = RateRules.UnitsFor(kind);
        if (!allowed.Contains(unit))
        {
            throw new ConflictException(
                $"A {CodeNames.Of(kind).Replace('_', '-')} card pays by {string.Join(" or ", allowed.Select(u => CodeNames.Of(u).Replace('_', ' ')))}, not by {CodeNames.Of(unit).Replace('_', ' ')}.",
                [new PreconditionViolation("RATE_UNIT", field, $"{CodeNames.Of(kind)} cards pay by {string.Join(", ", allowed.Select(CodeNames.Of))}.")]);
        }
    }

    private static async Task<RateCard> ReadAsync(UnitOfWork unit, string reference)
    {
        var card = await unit.QuerySingleOrDefaultAsync<CardRow>("select * from rate_cards where reference = @reference", new { reference })
            ?? throw NotFound(reference);
        var versions = await unit.QueryAsync<VersionRow>(
            "select * from rate_card_versions where reference = @reference order by effective_from", new { reference });
        return card.ToMessage(versions);
    }

    private static NotFoundException NotFound(string reference) => new($"No rate card has reference '{reference}'.");

    private sealed class CardRow
    {
        public string Reference { get; init; } = "";
        public string Kind { get; init; } = "";
        public string Title { get; init; } = "";
        public long Version { get; init; }
        public DateTime CreatedAt { get; init; }
        public string CreatedBy { get; init; } = "";
        public DateTime UpdatedAt { get; init; }
        public string UpdatedBy { get; init; } = "";

        public RateCard ToMessage(IEnumerable<VersionRow> versions) => new()
        {
            Reference = Reference, Kind = CodeNames.Parse<RateCardKind>(Kind), Title = Title, Version = Version,
            Versions = { versions.Select(v => v.ToMessage()) },
            CreatedAt = Timestamp.FromDateTime(CreatedAt), CreatedBy = CreatedBy, UpdatedAt = Timestamp.FromDateTime(UpdatedAt), UpdatedBy = UpdatedBy,
        };
    }

    internal sealed class VersionRow
    {
        public string Reference { get; init; } = "";
        public DateOnly EffectiveFrom { get; init; }
        public string Unit { get; init; } = "";
        public long AmountPence { get; init; }
        public int? MonthlyUnitCap { get; init; }
        public DateTime CreatedAt { get; init; }
        public string CreatedBy { get; init; } = "";

        public RateTermsRow ToTerms() => new(EffectiveFrom, CodeNames.Parse<RateUnit>(Unit), new Pence(AmountPence), MonthlyUnitCap);

        public RateCardVersion ToMessage() => new()
        {
            Terms = new RateTerms
            {
                EffectiveFrom = ProtoDates.ToProto(EffectiveFrom), Unit = CodeNames.Parse<RateUnit>(Unit), AmountPence = AmountPence,
                MonthlyUnitCap = MonthlyUnitCap ?? 0,
            },
            CreatedAt = Timestamp.FromDateTime(CreatedAt), CreatedBy = CreatedBy,
        };
    }
}
