extern alias PaymentsHost;

using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Grpc.Core;
using Involvement.BuildingBlocks.Security;
using Involvement.Payments.V1;
using Involvement.TestKit;
using PaymentsHost::Involvement.Payments.Payees;

namespace Involvement.FunctionalTests.Payments.Payees;

public sealed class PayeeTests(PaymentsFixture fixture) : IClassFixture<PaymentsFixture>
{
    private PayeeService.PayeeServiceClient Payees(string? role = Roles.Finance, string subject = "test-user") => new(fixture.Calls(role, subject));

    private static SetBankDetailsRequest Details(string memberId, long version) => new()
    {
        MemberId = memberId, ExpectedVersion = version, SortCode = "12-34-56", AccountNumber = "87654321", AccountName = "Ms R Example",
    };

    [Fact]
    public async Task A_known_member_is_a_payee_at_version_1_paid_by_bank_transfer_with_no_bank_details()
    {
        var memberId = await fixture.KnownMemberAsync("Rosa Example");

        var payee = (await Payees(Roles.PpiTeam).GetPayeeAsync(new GetPayeeRequest { MemberId = memberId })).Payee;

        Assert.Equal((memberId, "Rosa Example", PaymentPreference.BankTransfer, 1L, false), (payee.MemberId, payee.DisplayName, payee.Preference, payee.Version, payee.Erased));
        Assert.Null(payee.BankDetails);
        Assert.Null(payee.BenefitsInformationOfferedOn);
    }

    [Fact]
    public async Task A_member_reads_their_own_payee_but_not_anothers_and_a_reporting_consumer_reads_none()
    {
        var memberId = await fixture.KnownMemberAsync();
        var other = await fixture.KnownMemberAsync();

        Assert.Equal(memberId, (await Payees(Roles.Member, memberId).GetPayeeAsync(new GetPayeeRequest { MemberId = memberId })).Payee.MemberId);
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => Payees(Roles.Member, other).GetPayeeAsync(new GetPayeeRequest { MemberId = memberId }).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => Payees(Roles.ReportingConsumer).GetPayeeAsync(new GetPayeeRequest { MemberId = memberId }).ResponseAsync);
    }

    [Fact]
    public async Task A_member_payments_has_not_heard_of_is_not_found_even_to_change()
    {
        var unknown = Guid.NewGuid().ToString();

        await RpcAssert.FailsWith(StatusCode.NotFound, () => Payees().GetPayeeAsync(new GetPayeeRequest { MemberId = unknown }).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.NotFound, () => Payees().SetPaymentPreferenceAsync(new SetPaymentPreferenceRequest
        {
            MemberId = unknown, ExpectedVersion = 1, Preference = PaymentPreference.Vouchers,
        }).ResponseAsync);
    }

    [Fact]
    public async Task A_member_sets_their_own_preference_and_the_version_moves_on()
    {
        var memberId = await fixture.KnownMemberAsync();

        var payee = (await Payees(Roles.Member, memberId).SetPaymentPreferenceAsync(new SetPaymentPreferenceRequest
        {
            MemberId = memberId, ExpectedVersion = 1, Preference = PaymentPreference.ExpensesOnly,
        })).Payee;

        Assert.Equal((PaymentPreference.ExpensesOnly, 2L, memberId), (payee.Preference, payee.Version, payee.UpdatedBy));
        Assert.Equal(PaymentPreference.ExpensesOnly, (await Payees().GetPayeeAsync(new GetPayeeRequest { MemberId = memberId })).Payee.Preference);
        await using var db = fixture.OpenDatabase();
        Assert.Equal("expenses_only", await db.ExecuteScalarAsync<string>("select preference from payees where member_id = @id", new { id = Guid.Parse(memberId) }));
    }

    [Fact]
    public async Task Fees_and_claims_read_the_stored_preference_and_the_default_before_any_change()
    {
        var memberId = await fixture.KnownMemberAsync();
        var db = fixture.Services.GetRequiredService<Involvement.BuildingBlocks.Data.Db>();
        Task<string> PreferenceAsync() => db.InTransactionAsync(unit => PayeeStore.PreferenceAsync(unit, Guid.Parse(memberId)), CancellationToken.None);

        Assert.Equal("bank_transfer", await PreferenceAsync());
        await Payees().SetPaymentPreferenceAsync(new SetPaymentPreferenceRequest { MemberId = memberId, ExpectedVersion = 1, Preference = PaymentPreference.Declined });
        Assert.Equal("declined", await PreferenceAsync());
    }

    [Fact]
    public async Task A_preference_change_publishes_its_code_and_the_payees_version_without_bank_details()
    {
        var changed = await fixture.ProbeAsync<Involvement.Contracts.Payments.PaymentPreferenceChanged>();
        var memberId = await fixture.KnownMemberAsync();

        await Payees().SetPaymentPreferenceAsync(new SetPaymentPreferenceRequest { MemberId = memberId, ExpectedVersion = 1, Preference = PaymentPreference.ExpensesOnly });
        await Payees().SetPaymentPreferenceAsync(new SetPaymentPreferenceRequest { MemberId = memberId, ExpectedVersion = 2, Preference = PaymentPreference.Declined });
        await RpcAssert.FailsWith(StatusCode.Aborted, () => Payees().SetPaymentPreferenceAsync(new SetPaymentPreferenceRequest
        {
            MemberId = memberId, ExpectedVersion = 2, Preference = PaymentPreference.Vouchers,
        }).ResponseAsync);
        await fixture.SettledAsync();

        var events = changed.Received.Where(e => e.MemberId == Guid.Parse(memberId)).OrderBy(e => e.AggregateVersion).ToList();
        Assert.Equal([(2L, "expenses_only"), (3L, "declined")], events.Select(e => (e.AggregateVersion, e.Preference)));
        Assert.All(events, e => Assert.Empty(Involvement.BuildingBlocks.Messaging.EventContract.Problems(e)));
    }

    [Fact]
    public async Task A_stale_version_is_aborted_and_changes_nothing()
    {
        var memberId = await fixture.KnownMemberAsync();
        await Payees(Roles.PpiTeam).SetPaymentPreferenceAsync(new SetPaymentPreferenceRequest { MemberId = memberId, ExpectedVersion = 1, Preference = PaymentPreference.Vouchers });

        await RpcAssert.FailsWith(StatusCode.Aborted, () => Payees().SetPaymentPreferenceAsync(new SetPaymentPreferenceRequest
        {
            MemberId = memberId, ExpectedVersion = 1, Preference = PaymentPreference.Declined,
        }).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.Aborted, () => Payees().SetBankDetailsAsync(Details(memberId, 1)).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.Aborted, () => Payees().RecordBenefitsInformationOfferedAsync(new RecordBenefitsInformationOfferedRequest
        {
            MemberId = memberId, ExpectedVersion = 1, OfferedOn = new Google.Type.Date { Year = 2026, Month = 1, Day = 5 },
        }).ResponseAsync);

        var payee = (await Payees().GetPayeeAsync(new GetPayeeRequest { MemberId = memberId })).Payee;
        Assert.Equal((PaymentPreference.Vouchers, 2L), (payee.Preference, payee.Version));
        Assert.Null(payee.BankDetails);
    }

    [Fact]
    public async Task Another_member_cannot_change_a_payee()
    {
        var memberId = await fixture.KnownMemberAsync();
        var other = await fixture.KnownMemberAsync();

        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => Payees(Roles.Member, other).SetPaymentPreferenceAsync(new SetPaymentPreferenceRequest
        {
            MemberId = memberId, ExpectedVersion = 1, Preference = PaymentPreference.Declined,
        }).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => Payees(Roles.Member, other).SetBankDetailsAsync(Details(memberId, 1)).ResponseAsync);
        Assert.Equal(1, (await Payees().GetPayeeAsync(new GetPayeeRequest { MemberId = memberId })).Payee.Version);
    }

    [Fact]
    public async Task Bad_preference_requests_name_their_fields()
    {
        await RpcAssert.InvalidFields(() => Payees().SetPaymentPreferenceAsync(new SetPaymentPreferenceRequest
        {
            MemberId = "not-an-id", ExpectedVersion = 0, Preference = PaymentPreference.Unspecified,
        }).ResponseAsync, "member_id", "expected_version", "preference");
        await RpcAssert.InvalidFields(() => Payees().SetPaymentPreferenceAsync(new SetPaymentPreferenceRequest
        {
            MemberId = Guid.NewGuid().ToString(), ExpectedVersion = 1, Preference = (PaymentPreference)42,
        }).ResponseAsync, "preference");
    }

    [Fact]
    public async Task The_ppi_team_records_when_benefits_information_was_offered_but_not_in_the_future_and_a_member_may_not()
    {
        var memberId = await fixture.KnownMemberAsync();
        var offeredOn = new Google.Type.Date { Year = 2026, Month = 3, Day = 2 };

        var payee = (await Payees(Roles.PpiTeam).RecordBenefitsInformationOfferedAsync(new RecordBenefitsInformationOfferedRequest
        {
            MemberId = memberId, ExpectedVersion = 1, OfferedOn = offeredOn,
        })).Payee;

        Assert.Equal((offeredOn, 2L), (payee.BenefitsInformationOfferedOn, payee.Version));
        var tomorrow = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(2));
        await RpcAssert.InvalidFields(() => Payees(Roles.PpiTeam).RecordBenefitsInformationOfferedAsync(new RecordBenefitsInformationOfferedRequest
        {
            MemberId = memberId, ExpectedVersion = 2, OfferedOn = new Google.Type.Date { Year = tomorrow.Year, Month = tomorrow.Month, Day = tomorrow.Day },
        }).ResponseAsync, "offered_on");
        await RpcAssert.InvalidFields(() => Payees(Roles.PpiTeam).RecordBenefitsInformationOfferedAsync(new RecordBenefitsInformationOfferedRequest
        {
            MemberId = memberId, ExpectedVersion = 2,
        }).ResponseAsync, "offered_on");
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => Payees(Roles.Member, memberId).RecordBenefitsInformationOfferedAsync(new RecordBenefitsInformationOfferedRequest
        {
            MemberId = memberId, ExpectedVersion = 2, OfferedOn = offeredOn,
        }).ResponseAsync);
    }

    [Fact]
    public async Task A_member_sets_their_bank_details_and_every_read_shows_them_masked_while_the_row_holds_only_ciphertext()
    {
        var memberId = await fixture.KnownMemberAsync();

        var set = (await Payees(Roles.Member, memberId).SetBankDetailsAsync(Details(memberId, 1))).Payee;
        var read = (await Payees(Roles.PpiTeam).GetPayeeAsync(new GetPayeeRequest { MemberId = memberId })).Payee;

        Assert.Equal(("**-**-56", "****4321", 2L), (set.BankDetails.SortCode, set.BankDetails.AccountNumber, set.Version));
        Assert.Equal(set.BankDetails, read.BankDetails);
        Assert.DoesNotContain("87654321", read.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Ms R Example", read.ToString(), StringComparison.Ordinal);
        await using var db = fixture.OpenDatabase();
        var row = await db.QuerySingleAsync<EncryptedBankDetails>(
            $"select {EncryptedBankDetails.Columns} from bank_details where member_id = @id", new { id = Guid.Parse(memberId) });
        Assert.Equal("test-current", row.KeyId);
        Assert.DoesNotContain("87654321", System.Text.Encoding.Latin1.GetString(row.Ciphertext), StringComparison.Ordinal);
        var clear = fixture.Services.GetRequiredService<BankDetailsCipher>().Decrypt(row);
        Assert.Equal(("123456", "87654321", "Ms R Example"), (clear.SortCode, clear.AccountNumber, clear.AccountName));
    }

    [Fact]
    public async Task Finance_replaces_a_members_bank_details_and_the_ppi_team_may_not_set_them()
    {
        var memberId = await fixture.KnownMemberAsync();
        await Payees(Roles.Member, memberId).SetBankDetailsAsync(Details(memberId, 1));

        var replaced = (await Payees(Roles.Finance).SetBankDetailsAsync(new SetBankDetailsRequest
        {
            MemberId = memberId, ExpectedVersion = 2, SortCode = "654321", AccountNumber = "11112222", AccountName = "R Example",
        })).Payee;

        Assert.Equal(("**-**-21", "****2222", 3L), (replaced.BankDetails.SortCode, replaced.BankDetails.AccountNumber, replaced.Version));
        var denied = await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => Payees(Roles.PpiTeam).SetBankDetailsAsync(Details(memberId, 3)).ResponseAsync);
        Assert.Contains("finance", denied.Status.Detail, StringComparison.Ordinal);
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => Payees(Roles.ReportingConsumer).SetBankDetailsAsync(Details(memberId, 3)).ResponseAsync);
    }

    [Fact]
    public async Task Bad_bank_details_name_each_field_and_the_error_repeats_none_of_them()
    {
        var memberId = await fixture.KnownMemberAsync();

        var bad = await RpcAssert.InvalidFields(() => Payees(Roles.Member, memberId).SetBankDetailsAsync(new SetBankDetailsRequest
        {
            MemberId = memberId, ExpectedVersion = 1, SortCode = "98765", AccountNumber = "7654321", AccountName = "Name\nOn two lines",
        }).ResponseAsync, "sort_code", "account_number", "account_name");

        Assert.All(bad.FieldViolations, v => Assert.DoesNotContain("7654321", v.Description, StringComparison.Ordinal));
        var ex = await RpcAssert.FailsWith(StatusCode.InvalidArgument, () => Payees(Roles.Member, memberId).SetBankDetailsAsync(new SetBankDetailsRequest
        {
            MemberId = memberId, ExpectedVersion = 1, SortCode = "98-76-5", AccountNumber = "76543210", AccountName = "A Name",
        }).ResponseAsync);
        Assert.DoesNotContain("98-76-5", ex.Status.Detail, StringComparison.Ordinal);
        Assert.Null((await Payees().GetPayeeAsync(new GetPayeeRequest { MemberId = memberId })).Payee.BankDetails);
    }
}
