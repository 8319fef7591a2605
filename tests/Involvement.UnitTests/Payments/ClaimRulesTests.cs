using Involvement.BuildingBlocks.Errors;
using Involvement.Payments.Claims;

namespace Involvement.UnitTests.Payments;

public sealed class ClaimRulesTests
{
    private static FeeLineRow Fee(long pence, string cc = "CC1", string state = "payable") =>
        new() { FeeLineId = Guid.NewGuid(), AmountPence = pence, CostCentre = cc, State = state, SessionDate = new DateOnly(2026, 11, 2) };

    private static ExpenseLineRow Expense(string category, long pence, string cc = "CC1", bool booked = false) =>
        new() { ExpenseLineId = Guid.NewGuid(), Category = category, AmountPence = pence, CostCentre = cc, BookedByTrust = booked };

    [Fact]
    public void Amounts_split_fees_and_reimbursed_expenses_by_category_and_cost_centre()
    {
        var amounts = ClaimMoney.Amounts(
            [Fee(2000), Fee(2000, "CC2"), Fee(9999, state: "void")],
            [Expense("mileage", 563), Expense("parking", 400, "CC2"), Expense("fare", 4800, booked: true)]);

        Assert.Equal((4000L, 963L, 4963L, 4800L), (amounts.FeesPence, amounts.ExpensesPence, amounts.TotalPence, amounts.BookedByTrustPence));
        Assert.Equal(new Dictionary<string, long> { ["mileage"] = 563, ["parking"] = 400 }, amounts.ExpensesByCategoryPence);
        Assert.Equal([new("CC1", 2000 + 563 + 4800), new("CC2", 2400)], amounts.CostCentres);
    }

    [Fact]
    public void Caps_count_reimbursed_amounts_per_category_in_one_claim()
    {
        var caps = new Dictionary<string, long> { ["parking"] = 1000, ["fare"] = 1000 };

        var problems = ClaimRules.SubmitProblems([], [Expense("parking", 600), Expense("parking", 401), Expense("fare", 5000, booked: true)], caps);

        var cap = Assert.Single(problems);
        Assert.Equal(("EXPENSE_CAP", "parking"), (cap.Type, cap.Subject));
        Assert.Empty(ClaimRules.SubmitProblems([], [Expense("parking", 1000)], caps));
    }

    [Fact]
    public void An_empty_claim_or_one_with_a_fee_no_longer_payable_cannot_go_forward()
    {
        var voided = Fee(2000, state: "void");

        Assert.Equal("CLAIM_EMPTY", Assert.Single(ClaimRules.SubmitProblems([], [], new Dictionary<string, long>())).Type);
        var notPayable = Assert.Single(ClaimRules.SubmitProblems([voided, Fee(100)], [], new Dictionary<string, long>()));
        Assert.Equal(("FEE_LINE_NOT_PAYABLE", voided.FeeLineId.ToString()), (notPayable.Type, notPayable.Subject));
    }

    [Fact]
    public void A_claim_a_reversed_fee_takes_below_nothing_cannot_go_forward()
    {
        Assert.Equal("CLAIM_NEGATIVE", Assert.Single(ClaimRules.SubmitProblems([Fee(-2000)], [Expense("parking", 500)], new Dictionary<string, long>())).Type);
        Assert.Empty(ClaimRules.SubmitProblems([Fee(-2000), Fee(2000)], [], new Dictionary<string, long>()));
    }

    [Theory]
    [InlineData("creator")]
    [InlineData("submitter")]
    [InlineData("answerer")]
    public void Nobody_approves_what_they_created_submitted_or_resubmitted(string approver)
    {
        Assert.Throws<PermissionDeniedException>(() => ClaimRules.EnsureMayApprove(approver, null, Member, "creator", "submitter", ["answerer"]));
        ClaimRules.EnsureMayApprove("second-person", Guid.NewGuid(), Member, "creator", "submitter", []);
    }

    private static readonly Guid Member = Guid.Parse("0193a1b2-0000-7000-8000-000000000001");

    [Fact]
    public void Staff_never_approve_their_own_claim_even_one_the_ppi_team_created_and_submitted_for_them() =>
        Assert.Throws<PermissionDeniedException>(() => ClaimRules.EnsureMayApprove(Member.ToString(), null, Member, "ppi-officer", "ppi-officer", []));

    [Fact]
    public void Staff_whose_token_names_them_as_the_member_never_approve_their_own_claim_whatever_their_subject() =>
        Assert.Throws<PermissionDeniedException>(() => ClaimRules.EnsureMayApprove("entra-object-of-the-approver", Member, Member, "ppi-officer", "ppi-officer", []));

    [Fact]
    public void Whoever_answered_an_earlier_query_may_not_approve_after_someone_else_answers_a_later_one() =>
        Assert.Throws<PermissionDeniedException>(() => ClaimRules.EnsureMayApprove("first-answerer", null, Member, "creator", "submitter", ["first-answerer", "second-answerer"]));

    [Theory]
    [InlineData("submitted", true)]
    [InlineData("queried", true)]
    [InlineData("approved", true)]
    [InlineData("in_run", true)]
    [InlineData("paid", false)]
    [InlineData("rejected", false)]
    [InlineData("draft", false)]
    public void A_claim_owed_past_its_due_date_is_overdue(string state, bool overdue)
    {
        var today = new DateOnly(2026, 11, 23);

        Assert.Equal(overdue, ClaimRules.IsOverdue(state, today.AddDays(-1), today));
        Assert.False(ClaimRules.IsOverdue(state, today, today));
        Assert.Equal(new DateOnly(2026, 12, 7), ClaimRules.DueOn(today, 14));
    }
}

public sealed class ExpenseCapSettingsTests
{
    [Fact]
    public void A_cap_must_name_a_category_and_not_be_negative()
    {
        // A valid bank-details key ring too: without one the settings check reports that as well.
        var options = new Involvement.Payments.PaymentsOptions { BankDetailsCurrentKeyId = "k" };
        options.BankDetailsKeys["k"] = Convert.ToBase64String(new byte[32]);
        options.ExpenseCaps["parking"] = 2000;
        Assert.Empty(options.Problems());

        options.ExpenseCaps["taxi"] = 100;
        options.ExpenseCaps["fare"] = -1;

        Assert.Equal(2, options.Problems().Count(p => p.Contains("ExpenseCaps", StringComparison.Ordinal)));
    }
}
