using Involvement.BuildingBlocks.Errors;

namespace Involvement.Payments.Claims;

/// <summary>The claim lifecycle's rules, free of storage: which state allows what, who may approve, when it is due.</summary>
public static class ClaimRules
{
    /// <summary>Lines are added and removed while the claim is a draft or answering a query.</summary>
    public static void EnsureEditable(string state)
    {
        if (state != ClaimCodes.Draft && state != ClaimCodes.Queried)
        {
            throw new ConflictException($"The claim is {state}; lines change only while it is a draft or queried.",
                [new PreconditionViolation("CLAIM_STATE", state, "Lines can be added or removed only in a draft or queried claim.")]);
        }
    }

    public static void EnsureState(string state, string action, params string[] allowed)
    {
        if (!allowed.Contains(state))
        {
            throw new ConflictException($"The claim is {state}; only a {string.Join(" or ", allowed)} claim can be {action}.",
                [new PreconditionViolation("CLAIM_STATE", state, $"Only a {string.Join(" or ", allowed)} claim can be {action}.")]);
        }
    }

    /// <summary>
    /// Nobody approves a claim they created, submitted or resubmitted by answering any of its queries, nor their own
    /// claim (a member who is also staff: their token names their member id, Auth__MemberIdClaim).
    /// </summary>
    public static void EnsureMayApprove(string approver, Guid? approverMemberId, Guid memberId, string createdBy, string? submittedBy, IEnumerable<string> answeredBy)
    {
        if (approverMemberId == memberId || approver == memberId.ToString() || approver == createdBy || approver == submittedBy
            || answeredBy.Contains(approver))
        {
            throw new PermissionDeniedException("Nobody may approve their own claim or one they created, submitted or answered; a second person approves it.");
        }
    }

    /// <summary>The date a claim must be paid by: its UK submission date plus the configured days.</summary>
    public static DateOnly DueOn(DateOnly submittedOn, int claimDueDays) => submittedOn.AddDays(claimDueDays);

    /// <summary>Past its due date and still owed (submitted, queried, approved or in a run).</summary>
    public static bool IsOverdue(string state, DateOnly? dueOn, DateOnly today) =>
        dueOn is { } due && due < today && OwedStates.Contains(state);

    public static readonly IReadOnlyList<string> OwedStates = ["submitted", "queried", "approved", "in_run"];

    /// <summary>
    /// What stops a claim being submitted (or approved): no lines, fee lines that are no longer payable (a correction
    /// voided or held them after they were added), per-category caps, and a negative total.
    /// </summary>
    public static IReadOnlyList<PreconditionViolation> SubmitProblems(
        IReadOnlyCollection<FeeLineRow> feeLines, IReadOnlyCollection<ExpenseLineRow> expenseLines, IReadOnlyDictionary<string, long> caps)
    {
        var problems = new List<PreconditionViolation>();
        if (feeLines.Count == 0 && expenseLines.Count == 0)
        {
            problems.Add(new PreconditionViolation("CLAIM_EMPTY", "claim", "A claim needs at least one fee or expense line."));
        }

        problems.AddRange(feeLines.Where(f => !f.Payable).Select(f => new PreconditionViolation(
            "FEE_LINE_NOT_PAYABLE", f.FeeLineId.ToString(), $"Fee line {f.FeeLineId} is {f.State}, not payable; remove it from the claim.")));
        problems.AddRange(Expenses.ExpenseRules.CapProblems(expenseLines, caps));
        // A reversing fee line (a correction after payment) can outweigh the rest; a run cannot pay a negative amount.
        if (ClaimMoney.Amounts(feeLines, expenseLines).TotalPence < 0)
        {
            problems.Add(new PreconditionViolation("CLAIM_NEGATIVE", "claim",
                "The claim comes to less than nothing (a reversed fee outweighs the rest); add the member's other lines first."));
        }

        return problems;
    }
}
