using Google.Protobuf.WellKnownTypes;
using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Time;
using Involvement.Contracts.Payments;
using Involvement.Payments.V1;

namespace Involvement.Payments.Claims;

/// <summary>Stored claims and lines as API messages.</summary>
public static class ClaimMessages
{
    public static Claim ToMessage(ClaimRow row, IReadOnlyList<FeeLineRow> fees, IReadOnlyList<ExpenseLineRow> expenses, ClaimAmounts amounts, DateOnly today)
    {
        var claim = new Claim
        {
            ClaimId = row.ClaimId.ToString(),
            Reference = row.Reference,
            MemberId = row.MemberId.ToString(),
            State = ClaimCodes.StateOf(row.State),
            PaymentMethod = ClaimCodes.PaymentMethodOf(row.PaymentMethod),
            FeesPence = amounts.FeesPence,
            ExpensesPence = amounts.ExpensesPence,
            TotalPence = amounts.TotalPence,
            CreatedBy = row.CreatedBy,
            CreatedAt = Timestamp.FromDateTime(row.CreatedAt),
            SubmittedBy = row.SubmittedBy ?? "",
            SubmittedAt = ProtoDates.ToTimestamp(row.SubmittedAt),
            DueOn = ProtoDates.ToProto(row.DueOn),
            Overdue = ClaimRules.IsOverdue(row.State, row.DueOn, today),
            ApprovedBy = row.ApprovedBy ?? "",
            ApprovedAt = ProtoDates.ToTimestamp(row.ApprovedAt),
            RejectedBy = row.RejectedBy ?? "",
            RejectedAt = ProtoDates.ToTimestamp(row.RejectedAt),
            RejectionReason = row.RejectionReason ?? "",
            Query = row.Query ?? "",
            QueriedBy = row.QueriedBy ?? "",
            QueriedAt = ProtoDates.ToTimestamp(row.QueriedAt),
            QueryAnswer = row.QueryAnswer ?? "",
            PaidAt = ProtoDates.ToTimestamp(row.PaidAt),
            Version = row.Version,
        };
        claim.FeeLines.AddRange(fees.Select(ToMessage));
        claim.ExpenseLines.AddRange(expenses.Select(ToMessage));
        return claim;
    }

    public static ClaimFeeLine ToMessage(FeeLineRow f) => new()
    {
        FeeLineId = f.FeeLineId.ToString(),
        OpportunityId = f.OpportunityId.ToString(),
        SessionId = f.SessionId.ToString(),
        SessionDate = ProtoDates.ToProto(f.SessionDate),
        RateReference = f.RateReference,
        Units = (double)f.Units,
        AmountPence = f.AmountPence,
        CostCentre = f.CostCentre,
        State = CodeNames.Parse<FeeLineState>(f.State),
    };

    public static ExpenseLine ToMessage(ExpenseLineRow e) => new()
    {
        ExpenseLineId = e.ExpenseLineId.ToString(),
        Category = ClaimCodes.CategoryOf(e.Category),
        OpportunityId = e.OpportunityId?.ToString() ?? "",
        SessionId = e.SessionId?.ToString() ?? "",
        IncurredOn = ProtoDates.ToProto(e.IncurredOn),
        Vehicle = ClaimCodes.VehicleOf(e.Vehicle),
        Miles = (double)(e.Miles ?? 0m),
        Passengers = e.Passengers ?? 0,
        AmountPence = e.AmountPence,
        ReceiptReference = e.ReceiptReference ?? "",
        BookedByTrust = e.BookedByTrust,
        ReimbursedPence = e.ReimbursedPence,
        CostCentre = e.CostCentre,
        CreatedBy = e.CreatedBy,
        CreatedAt = Timestamp.FromDateTime(e.CreatedAt),
    };

    public static ThresholdWarning ToMessage(ThresholdWarningFound w) => new()
    {
        Period = w.Period == ThresholdPeriod.Week ? ThresholdWarning.Types.Period.Week : ThresholdWarning.Types.Period.TaxYear,
        PeriodStart = ProtoDates.ToProto(w.Start),
        PeriodEnd = ProtoDates.ToProto(w.End),
        FeesPence = w.FeesPence.Value,
        ThresholdPence = w.ThresholdPence.Value,
        Description = w.Description,
    };

}
