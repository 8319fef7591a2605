using Grpc.Core;
using Involvement.BuildingBlocks.Money;
using Involvement.BuildingBlocks.Security;
using Involvement.Payments.V1;

namespace Involvement.Cli;

/// <summary>
/// The demo's money, through payments' public API: the trust's rate cards (loaded before attendance so fees price at
/// once), then the first demo fee taken all the way: bank details (shown masked), a claim with mileage submitted by the
/// member and approved by someone else, and a bank transfer run exported and confirmed. Fixed keys and state checks
/// make a second load change nothing.
/// </summary>
public sealed class DemoPayments(string address, TextWriter output)
{
    private const string Approver = "demo-ppi-lead";

    private RateCardService.RateCardServiceClient RateCards => new(Client.Authorised(address, Roles.Finance));

    private FeeService.FeeServiceClient Fees => new(Client.Authorised(address, Roles.Finance));

    private PayeeService.PayeeServiceClient Payees(string role, string subject) => new(Client.Authorised(address, role, subject));

    private ClaimService.ClaimServiceClient Claims(string role, string subject) => new(Client.Authorised(address, role, subject));

    private PaymentRunService.PaymentRunServiceClient Runs => new(Client.Authorised(address, Roles.Finance));

    public async Task LoadPolicyAsync(CancellationToken ct)
    {
        var since = new Google.Type.Date { Year = 2026, Month = 4, Day = 1 };
        (string Reference, RateCardKind Kind, string Title, RateUnit Unit, long Pence, int Cap)[] cards =
        [
            ("contributor-session", RateCardKind.Contributor, "Contributor: £20 a session, at most 6 a month", RateUnit.Session, 2000, 6),
            ("co-producer-hourly", RateCardKind.CoProducer, "Co-producer: £15 an hour", RateUnit.Hour, 1500, 0),
            ("volunteer-expenses", RateCardKind.Volunteer, "Volunteer: expenses only", RateUnit.None, 0, 0),
        ];
        foreach (var card in cards)
        {
            await RateCards.CreateRateCardAsync(new CreateRateCardRequest
            {
                IdempotencyKey = $"demo-rate-card-{card.Reference}", Reference = card.Reference, Kind = card.Kind, Title = card.Title,
                FirstVersion = new RateTerms { EffectiveFrom = since, Unit = card.Unit, AmountPence = card.Pence, MonthlyUnitCap = card.Cap },
            }, cancellationToken: ct);
        }

        output.WriteLine($"rate cards: {string.Join(", ", cards.Select(c => c.Reference))}");
    }

    public async Task LoadPaymentAsync(CancellationToken ct)
    {
        if (await FirstFeeAsync(ct) is not { } fee)
        {
            // Demo data loaded by a version without payments: its attendance was published before payments listened.
            output.WriteLine("payments: no fee from the demo attendance within 30 s (attendance loaded before payments was running?); "
                + "`scripts/infra.sh stop dev` and removing .infra/dev gives a fresh demo");
            return;
        }

        var memberId = fee.MemberId;
        output.WriteLine($"fee: {new Pence(fee.AmountPence)} for the session of {fee.SessionDate.Year:D4}-{fee.SessionDate.Month:D2}-{fee.SessionDate.Day:D2} ({fee.RateReference}), charged to {fee.CostCentre}");

        var payee = (await Payees(Roles.Finance, "demo-finance").GetPayeeAsync(new GetPayeeRequest { MemberId = memberId }, cancellationToken: ct)).Payee;
        if (payee.BankDetails is null)
        {
            payee = (await Payees(Roles.Member, memberId).SetBankDetailsAsync(new SetBankDetailsRequest
            {
                MemberId = memberId, ExpectedVersion = payee.Version, SortCode = "20-00-56", AccountNumber = "55775678", AccountName = "Demo account",
            }, cancellationToken: ct)).Payee;
        }

        output.WriteLine($"payee: {payee.DisplayName}, bank details {payee.BankDetails!.SortCode} {payee.BankDetails.AccountNumber}");

        var asMember = Claims(Roles.Member, memberId);
        var claim = (await asMember.CreateClaimAsync(new CreateClaimRequest
        {
            IdempotencyKey = $"demo-claim-{memberId}", MemberId = memberId, GatherFeeLines = true,
        }, cancellationToken: ct)).Claim;
        claim = (await asMember.GetClaimAsync(new GetClaimRequest { ClaimId = claim.ClaimId }, cancellationToken: ct)).Claim;
        if (claim.State == ClaimState.Draft && claim.ExpenseLines.Count == 0)
        {
            claim = (await asMember.AddExpenseLineAsync(new AddExpenseLineRequest
            {
                ClaimId = claim.ClaimId, ExpectedVersion = claim.Version, Category = ExpenseCategory.Mileage, SessionId = fee.SessionId,
                IncurredOn = fee.SessionDate, Vehicle = Vehicle.Car, Miles = 12.5, Passengers = 1,
            }, cancellationToken: ct)).Claim;
        }

        if (claim.State == ClaimState.Draft)
        {
            claim = (await asMember.SubmitClaimAsync(new SubmitClaimRequest { ClaimId = claim.ClaimId, ExpectedVersion = claim.Version }, cancellationToken: ct)).Claim;
        }

        if (claim.State == ClaimState.Submitted)
        {
            claim = (await Claims(Roles.PpiTeam, Approver).ApproveClaimAsync(new ApproveClaimRequest { ClaimId = claim.ClaimId, ExpectedVersion = claim.Version }, cancellationToken: ct)).Claim;
        }

        output.WriteLine($"claim {claim.Reference}: fees {new Pence(claim.FeesPence)} + mileage {new Pence(claim.ExpensesPence)} (12.5 miles by car with a passenger) = {new Pence(claim.TotalPence)}; submitted by the member, approved by {claim.ApprovedBy}");

        if (claim.State == ClaimState.Approved)
        {
            var opened = (await Runs.OpenPaymentRunAsync(new OpenPaymentRunRequest
            {
                IdempotencyKey = $"demo-run-{claim.ClaimId}", Method = PaymentRunMethod.BankTransfer,
            }, cancellationToken: ct)).Run;
            var rows = await ExportedRowsAsync(opened.PaymentRunId, ct);
            var confirmed = (await Runs.ConfirmPaymentRunAsync(new ConfirmPaymentRunRequest { PaymentRunId = opened.PaymentRunId }, cancellationToken: ct)).Run;
            output.WriteLine($"payment run {confirmed.Reference}: {confirmed.ClaimCount} claim(s), {new Pence(confirmed.TotalPence)}, exported ({rows} CSV lines) and confirmed paid");
        }
        else
        {
            output.WriteLine($"claim {claim.Reference} is {claim.State} (loaded before)");
        }
    }

    /// <summary>The first payable demo fee; recruitment's attendance reaches payments through the broker.</summary>
    private async Task<FeeLine?> FirstFeeAsync(CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var lines = (await Fees.ListFeeLinesAsync(new ListFeeLinesRequest { PageSize = 50 }, cancellationToken: ct)).FeeLines;
            if (lines.FirstOrDefault(l => l.State == FeeLineState.Payable || l.ClaimId != "") is { } line)
            {
                return line;
            }

            if (attempt == 60)
            {
                return null;
            }

            await Task.Delay(500, ct);
        }
    }

    private async Task<int> ExportedRowsAsync(string runId, CancellationToken ct)
    {
        using var call = Runs.ExportPaymentRun(new ExportPaymentRunRequest { PaymentRunId = runId }, cancellationToken: ct);
        var lines = 0;
        await foreach (var chunk in call.ResponseStream.ReadAllAsync(ct))
        {
            lines += chunk.Csv.Span.Count((byte)'\n');
        }

        return lines;
    }
}
