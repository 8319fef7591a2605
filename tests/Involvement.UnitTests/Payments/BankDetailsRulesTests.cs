using System.Security.Cryptography;
using Involvement.BuildingBlocks.Errors;
using Involvement.Payments;
using Involvement.Payments.Payees;
using Involvement.Payments.V1;

namespace Involvement.UnitTests.Payments;

public sealed class BankDetailsRulesTests
{
    [Theory]
    [InlineData("123456", "**-**-56")]
    [InlineData("000001", "**-**-01")]
    public void A_sort_code_shows_only_its_last_two_digits(string sortCode, string mask)
    {
        Assert.Equal(mask, BankDetailsMask.SortCode(sortCode));
    }

    [Theory]
    [InlineData("12345678", "****5678")]
    [InlineData("00000001", "****0001")]
    public void An_account_number_shows_only_its_last_four_digits(string accountNumber, string mask)
    {
        Assert.Equal(mask, BankDetailsMask.AccountNumber(accountNumber));
    }

    [Theory]
    [InlineData("123456", "123456")]
    [InlineData("12-34-56", "123456")]
    [InlineData(" 12-34-56 ", "123456")]
    [InlineData("12345", null)]
    [InlineData("1234567", null)]
    [InlineData("12 34 56", null)]
    [InlineData("12-3456", null)]
    [InlineData("1a3456", null)]
    [InlineData("１２３４５６", null)]   // full-width digits are not ASCII digits
    [InlineData("", null)]
    public void A_sort_code_is_six_digits_with_or_without_dashes(string text, string? expected)
    {
        Assert.Equal(expected, ValidBankDetails.SortCode(text));
    }

    [Fact]
    public void Bad_details_are_reported_by_field_without_repeating_what_was_sent()
    {
        var v = new RequestValidator();
        ValidBankDetails.From(new SetBankDetailsRequest { SortCode = "98765", AccountNumber = "1234567", AccountName = "" }, v);

        Assert.Equal(["account_name", "account_number", "sort_code"], v.Violations.Select(x => x.Field).Order());
        Assert.All(v.Violations, x => Assert.DoesNotContain("98765", x.Description, StringComparison.Ordinal));
        Assert.All(v.Violations, x => Assert.DoesNotContain("1234567", x.Description, StringComparison.Ordinal));
    }

    [Fact]
    public void Good_details_pass_with_the_sort_code_normalised()
    {
        var v = new RequestValidator();
        var details = ValidBankDetails.From(new SetBankDetailsRequest { SortCode = "12-34-56", AccountNumber = "12345678", AccountName = " A Name " }, v);

        Assert.Empty(v.Violations);
        Assert.Equal(("123456", "12345678", "A Name"), (details.SortCode, details.AccountNumber, details.AccountName));
    }

    [Fact]
    public void An_account_name_on_two_lines_is_refused()
    {
        var v = new RequestValidator();
        ValidBankDetails.From(new SetBankDetailsRequest { SortCode = "123456", AccountNumber = "12345678", AccountName = "A\nName" }, v);

        Assert.Equal("account_name", Assert.Single(v.Violations).Field);
    }

    [Fact]
    public void The_key_ring_needs_a_current_key_that_exists_and_keys_of_32_bytes()
    {
        var good = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

        Assert.Empty(BankDetailsKeys.Problems(new Dictionary<string, string> { ["2026a"] = good }, "2026a"));
        Assert.Contains(BankDetailsKeys.Problems(new Dictionary<string, string> { ["2026a"] = good }, ""),
            p => p.Contains("Payments__BankDetailsCurrentKeyId", StringComparison.Ordinal));
        Assert.Contains(BankDetailsKeys.Problems(new Dictionary<string, string> { ["2026a"] = good }, "2027a"),
            p => p.Contains("Payments__BankDetailsKeys__2027a is not set", StringComparison.Ordinal));
        Assert.Contains(BankDetailsKeys.Problems(new Dictionary<string, string>
            { ["2026a"] = good, ["short"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)) }, "2026a"),
            p => p.Contains("Payments__BankDetailsKeys__short must be 32", StringComparison.Ordinal));
        Assert.Contains(BankDetailsKeys.Problems(new Dictionary<string, string> { ["2026a"] = "not base64!" }, "2026a"),
            p => p.Contains("Payments__BankDetailsKeys__2026a", StringComparison.Ordinal));
    }

    [Fact]
    public void A_problem_with_a_key_never_shows_the_key()
    {
        var wrongLength = Convert.ToBase64String(RandomNumberGenerator.GetBytes(31));

        var problems = BankDetailsKeys.Problems(new Dictionary<string, string> { ["k"] = wrongLength }, "k").ToList();

        Assert.NotEmpty(problems);
        Assert.All(problems, p => Assert.DoesNotContain(wrongLength, p, StringComparison.Ordinal));
    }

    [Fact]
    public void The_payments_settings_check_includes_the_key_ring()
    {
        Assert.Contains(new PaymentsOptions().Problems(), p => p.Contains("Payments__BankDetailsCurrentKeyId", StringComparison.Ordinal));
    }
}
