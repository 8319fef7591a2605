using Grpc.Core;
using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Errors;
using Involvement.BuildingBlocks.Security;
using Involvement.Payments.V1;
using Microsoft.AspNetCore.Authorization;

namespace Involvement.Payments.Policy;

/// <summary>The payment policy's rate cards: finance and the PPI team manage them; every role may read them.</summary>
public sealed class RateCardApi(Db db, RateCardStore cards) : RateCardService.RateCardServiceBase
{
    private const string Managers = $"{Roles.Finance},{Roles.PpiTeam}";
    private const string Everyone = $"{Roles.PpiTeam},{Roles.ProjectLead},{Roles.Member},{Roles.ReportingConsumer},{Roles.Finance},{Roles.Trainer}";

    [Authorize(Roles = Managers)]
    public override async Task<CreateRateCardResponse> CreateRateCard(CreateRateCardRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var key = v.IdempotencyKey("idempotency_key", request.IdempotencyKey);
        var reference = ValidRateCard.Reference(v, "reference", request.Reference);
        var kind = v.Enum("kind", request.Kind, required: true);
        var title = v.Required("title", request.Title, 200);
        var terms = ValidRateCard.Terms(v, "first_version", request.FirstVersion);
        ValidRateCard.UnitSuitsKind(v, "first_version.unit", kind, terms.Unit);
        v.ThrowIfInvalid();
        return await db.ExecuteOnceAsync(nameof(CreateRateCard), context.Caller(), key, request, async unit => new CreateRateCardResponse
        {
            RateCard = await cards.CreateAsync(unit, reference, kind, title, terms, context.Caller()),
        }, context.CancellationToken);
    }

    [Authorize(Roles = Managers)]
    public override async Task<AddRateCardVersionResponse> AddRateCardVersion(AddRateCardVersionRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var reference = ValidRateCard.Reference(v, "reference", request.Reference);
        var expected = v.ExpectedVersion("expected_version", request.ExpectedVersion);
        var terms = ValidRateCard.Terms(v, "terms", request.Terms);
        v.ThrowIfInvalid();
        return new AddRateCardVersionResponse
        {
            RateCard = await db.InTransactionAsync(unit => cards.AddVersionAsync(unit, reference, expected, terms, context.Caller()), context.CancellationToken),
        };
    }

    [Authorize(Roles = Everyone)]
    public override async Task<GetRateCardResponse> GetRateCard(GetRateCardRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var reference = ValidRateCard.Reference(v, "reference", request.Reference);
        v.ThrowIfInvalid();
        return new GetRateCardResponse { RateCard = await cards.GetAsync(reference, context.CancellationToken) };
    }

    [Authorize(Roles = Everyone)]
    public override async Task<ListRateCardsResponse> ListRateCards(ListRateCardsRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var kind = v.Enum("kind", request.Kind, required: false);
        v.ThrowIfInvalid();
        return new ListRateCardsResponse
        {
            RateCards = { await cards.ListAsync(kind == RateCardKind.Unspecified ? null : kind, context.CancellationToken) },
        };
    }
}
