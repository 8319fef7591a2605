using Grpc.Core;
using Involvement.BuildingBlocks.Security;
using Involvement.Payments.V1;

namespace Involvement.FunctionalTests.Payments.Fees;

public sealed class RateCardTests(PaymentsFixture fixture) : IClassFixture<PaymentsFixture>
{
    private readonly FeeWorld _world = new(fixture);

    private static CreateRateCardRequest NewCard(string? reference = null) => new()
    {
        IdempotencyKey = Guid.NewGuid().ToString(),
        Reference = reference ?? FeeWorld.NewReference(),
        Kind = RateCardKind.Contributor,
        Title = "UHL contributor",
        FirstVersion = new RateTerms { EffectiveFrom = FeeWorld.Day(new DateOnly(2026, 4, 1)), Unit = RateUnit.Session, AmountPence = 2000, MonthlyUnitCap = 6 },
    };

    [Fact]
    public async Task Finance_creates_a_card_that_every_role_can_read()
    {
        var request = NewCard();

        var card = (await _world.Cards().CreateRateCardAsync(request)).RateCard;

        Assert.Equal((request.Reference, RateCardKind.Contributor, 1L, "finance-user"), (card.Reference, card.Kind, card.Version, card.CreatedBy));
        var version = Assert.Single(card.Versions);
        Assert.Equal((2000L, 6, RateUnit.Session), (version.Terms.AmountPence, version.Terms.MonthlyUnitCap, version.Terms.Unit));
        foreach (var role in new[] { Roles.Member, Roles.ReportingConsumer, Roles.ProjectLead, Roles.PpiTeam })
        {
            var read = (await _world.Cards(role).GetRateCardAsync(new GetRateCardRequest { Reference = request.Reference })).RateCard;
            Assert.Equal(card, read);
        }

        var listed = (await _world.Cards(Roles.Member).ListRateCardsAsync(new ListRateCardsRequest { Kind = RateCardKind.Contributor })).RateCards;
        Assert.Contains(listed, c => c.Reference == request.Reference);
        var volunteers = (await _world.Cards(Roles.Member).ListRateCardsAsync(new ListRateCardsRequest { Kind = RateCardKind.Volunteer })).RateCards;
        Assert.DoesNotContain(volunteers, c => c.Reference == request.Reference);
    }

    [Fact]
    public async Task A_repeated_idempotency_key_returns_the_same_card_and_a_new_key_for_the_same_reference_is_refused()
    {
        var request = NewCard();
        var first = await _world.Cards().CreateRateCardAsync(request);

        var again = await _world.Cards().CreateRateCardAsync(request);
        Assert.Equal(first, again);

        var ex = await RpcAssert.FailsWith(StatusCode.AlreadyExists, async () => await _world.Cards().CreateRateCardAsync(NewCard(request.Reference)));
        Assert.Contains(request.Reference, ex.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_version_is_added_with_the_version_last_read_and_a_stale_one_is_aborted()
    {
        var card = (await _world.Cards(Roles.PpiTeam).CreateRateCardAsync(NewCard())).RateCard;
        var terms = new RateTerms { EffectiveFrom = FeeWorld.Day(new DateOnly(2027, 4, 1)), Unit = RateUnit.Session, AmountPence = 2200 };

        var updated = (await _world.Cards().AddRateCardVersionAsync(new AddRateCardVersionRequest { Reference = card.Reference, ExpectedVersion = 1, Terms = terms })).RateCard;

        Assert.Equal(2, updated.Version);
        Assert.Equal([2000L, 2200L], updated.Versions.Select(v => v.Terms.AmountPence));
        Assert.Equal(0, updated.Versions[1].Terms.MonthlyUnitCap);
        await RpcAssert.FailsWith(StatusCode.Aborted, async () => await _world.Cards().AddRateCardVersionAsync(
            new AddRateCardVersionRequest { Reference = card.Reference, ExpectedVersion = 1, Terms = terms }));
        await RpcAssert.FailsWith(StatusCode.AlreadyExists, async () => await _world.Cards().AddRateCardVersionAsync(
            new AddRateCardVersionRequest { Reference = card.Reference, ExpectedVersion = 2, Terms = terms }));
    }

    [Fact]
    public async Task A_unit_the_cards_kind_does_not_pay_by_is_a_failed_precondition()
    {
        var card = (await _world.Cards().CreateRateCardAsync(NewCard())).RateCard;

        var ex = await RpcAssert.FailsWith(StatusCode.FailedPrecondition, async () => await _world.Cards().AddRateCardVersionAsync(new AddRateCardVersionRequest
        {
            Reference = card.Reference, ExpectedVersion = 1,
            Terms = new RateTerms { EffectiveFrom = FeeWorld.Day(new DateOnly(2027, 1, 1)), Unit = RateUnit.Hour, AmountPence = 1500 },
        }));
        Assert.Contains("session", ex.Status.Detail, StringComparison.Ordinal);
        var request = NewCard();
        request.Kind = RateCardKind.CoProducer;
        await RpcAssert.InvalidFields(async () => await _world.Cards().CreateRateCardAsync(request), "first_version.unit");
    }

    [Fact]
    public async Task Bad_input_names_every_field()
    {
        var request = new CreateRateCardRequest
        {
            IdempotencyKey = "k",
            Reference = "has spaces",
            Kind = (RateCardKind)42,
            Title = "",
            FirstVersion = new RateTerms { EffectiveFrom = new Google.Type.Date { Year = 2026, Month = 2, Day = 30 }, Unit = RateUnit.None, AmountPence = -1, MonthlyUnitCap = -2 },
        };

        await RpcAssert.InvalidFields(async () => await _world.Cards().CreateRateCardAsync(request),
            "reference", "kind", "title", "first_version.effective_from", "first_version.amount_pence", "first_version.amount_pence", "first_version.monthly_unit_cap");
        await RpcAssert.InvalidFields(async () => await _world.Cards().AddRateCardVersionAsync(new AddRateCardVersionRequest { Reference = "R1" }),
            "expected_version", "terms");
    }

    [Fact]
    public async Task Only_finance_and_the_ppi_team_manage_cards()
    {
        foreach (var role in new[] { Roles.Member, Roles.ReportingConsumer, Roles.ProjectLead })
        {
            await RpcAssert.FailsWith(StatusCode.PermissionDenied, async () => await _world.Cards(role).CreateRateCardAsync(NewCard()));
        }

        await RpcAssert.FailsWith(StatusCode.Unauthenticated, async () => await _world.Cards(null).GetRateCardAsync(new GetRateCardRequest { Reference = "X" }));
        await RpcAssert.FailsWith(StatusCode.NotFound, async () => await _world.Cards(Roles.Member).GetRateCardAsync(new GetRateCardRequest { Reference = "NO-SUCH-CARD" }));
    }
}
