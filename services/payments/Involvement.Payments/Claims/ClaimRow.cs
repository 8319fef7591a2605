namespace Involvement.Payments.Claims;

/// <summary>A claims row as stored.</summary>
public sealed class ClaimRow
{
    public const string Columns =
        """
        claim_id, reference, member_id, state, payment_method, created_at, created_by, submitted_at, submitted_by, due_on,
        approved_at, approved_by, rejected_at, rejected_by, rejection_reason, query, queried_at, queried_by, query_answer,
        query_answerers, paid_at, version
        """;

    public Guid ClaimId { get; init; }
    public string Reference { get; init; } = "";
    public Guid MemberId { get; init; }
    public string State { get; init; } = "";
    public string? PaymentMethod { get; init; }
    public DateTime CreatedAt { get; init; }
    public string CreatedBy { get; init; } = "";
    public DateTime? SubmittedAt { get; init; }
    public string? SubmittedBy { get; init; }
    public DateOnly? DueOn { get; init; }
    public DateTime? ApprovedAt { get; init; }
    public string? ApprovedBy { get; init; }
    public DateTime? RejectedAt { get; init; }
    public string? RejectedBy { get; init; }
    public string? RejectionReason { get; init; }
    public string? Query { get; init; }
    public DateTime? QueriedAt { get; init; }
    public string? QueriedBy { get; init; }
    public string? QueryAnswer { get; init; }
    public string[] QueryAnswerers { get; init; } = [];
    public DateTime? PaidAt { get; init; }
    public long Version { get; init; }
}
