namespace Involvement.Payments.Claims;

/// <summary>A fee line as a claim holds it (the row the fee consumers write from attendance).</summary>
public sealed class FeeLineRow
{
    public Guid FeeLineId { get; init; }
    public Guid OpportunityId { get; init; }
    public Guid SessionId { get; init; }
    public DateOnly SessionDate { get; init; }
    public string RateReference { get; init; } = "";
    public decimal Units { get; init; }
    public long AmountPence { get; init; }
    public string CostCentre { get; init; } = "";
    public string State { get; init; } = "";

    /// <summary>Only payable lines are paid; held, declined and void ones are shown but count for nothing.</summary>
    public bool Payable => State == FeeStates.Payable;
}

public static class FeeStates
{
    public const string Payable = "payable";
}

/// <summary>An expense line of a claim.</summary>
public sealed class ExpenseLineRow
{
    public Guid ExpenseLineId { get; init; }
    public Guid ClaimId { get; init; }
    public string Category { get; init; } = "";
    public Guid? OpportunityId { get; init; }
    public Guid? SessionId { get; init; }
    public DateOnly IncurredOn { get; init; }
    public string? Vehicle { get; init; }
    public decimal? Miles { get; init; }
    public int? Passengers { get; init; }
    public long AmountPence { get; init; }
    public string? ReceiptReference { get; init; }
    public bool BookedByTrust { get; init; }
    public string CostCentre { get; init; } = "";
    public DateTime CreatedAt { get; init; }
    public string CreatedBy { get; init; } = "";

    /// <summary>What the member is paid for it: travel the trust booked was paid to the provider, so nothing.</summary>
    public long ReimbursedPence => BookedByTrust ? 0 : AmountPence;
}
