using Involvement.BuildingBlocks.Time;
using Involvement.Payments.V1;

namespace Involvement.FunctionalTests.Payments.Claims;

/// <summary>Steps the claim tests share: a draft with lines, a submitted claim, dates as the API takes them.</summary>
public static class ClaimSteps
{
    public static Google.Type.Date Date(DateOnly date) => new() { Year = date.Year, Month = date.Month, Day = date.Day };

    public static DateOnly Today => UkTime.Today(TimeProvider.System);

    public static Google.Type.Date Yesterday => Date(Today.AddDays(-1));

    public static async Task<Claim> DraftAsync(this ClaimService.ClaimServiceClient client, Guid memberId, bool gather = false) =>
        (await client.CreateClaimAsync(new CreateClaimRequest { IdempotencyKey = Guid.NewGuid().ToString(), MemberId = memberId.ToString(), GatherFeeLines = gather })).Claim;

    public static AddExpenseLineRequest Parking(Claim claim, Guid sessionId, long amountPence = 600, string receipt = "") => new()
    {
        ClaimId = claim.ClaimId, ExpectedVersion = claim.Version, Category = ExpenseCategory.Parking, SessionId = sessionId.ToString(),
        IncurredOn = Yesterday, AmountPence = amountPence, ReceiptReference = receipt,
    };

    public static AddExpenseLineRequest CarMiles(Claim claim, Guid sessionId, double miles, int passengers = 0) => new()
    {
        ClaimId = claim.ClaimId, ExpectedVersion = claim.Version, Category = ExpenseCategory.Mileage, SessionId = sessionId.ToString(),
        IncurredOn = Yesterday, Vehicle = Vehicle.Car, Miles = miles, Passengers = passengers,
    };

    public static async Task<Claim> AddParkingAsync(this ClaimService.ClaimServiceClient client, Claim claim, Guid sessionId, long amountPence = 600) =>
        (await client.AddExpenseLineAsync(Parking(claim, sessionId, amountPence))).Claim;

    public static async Task<Claim> SubmitAsync(this ClaimService.ClaimServiceClient client, Claim claim) =>
        (await client.SubmitClaimAsync(new SubmitClaimRequest { ClaimId = claim.ClaimId, ExpectedVersion = claim.Version })).Claim;

    public static async Task<Claim> ApproveAsync(this ClaimService.ClaimServiceClient client, Claim claim) =>
        (await client.ApproveClaimAsync(new ApproveClaimRequest { ClaimId = claim.ClaimId, ExpectedVersion = claim.Version })).Claim;

    public static async Task<Claim> GetAsync(this ClaimService.ClaimServiceClient client, string claimId) =>
        (await client.GetClaimAsync(new GetClaimRequest { ClaimId = claimId })).Claim;

    /// <summary>A member's submitted claim with one parking expense: created and submitted by the member themselves.</summary>
    public static async Task<Claim> SubmittedByMemberAsync(this ClaimsFixture fixture, Guid? member = null, long parkingPence = 600)
    {
        var memberId = member ?? await fixture.KnownMemberAsync();
        var client = fixture.MemberClaims(memberId);
        var draft = await client.AddParkingAsync(await client.DraftAsync(memberId), await fixture.SessionAsync(memberId), parkingPence);
        return await client.SubmitAsync(draft);
    }
}
