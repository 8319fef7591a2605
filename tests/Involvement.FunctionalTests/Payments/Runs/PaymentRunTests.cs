using System.Text;
using Dapper;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Involvement.BuildingBlocks.Messaging;
using Involvement.BuildingBlocks.Security;
using Involvement.Contracts.Payments;
using Involvement.Payments.V1;
using Involvement.TestKit;

namespace Involvement.FunctionalTests.Payments.Runs;

public sealed class PaymentRunTests(PaymentsFixture fixture) : IClassFixture<PaymentsFixture>
{
    private readonly ClaimSeed _seed = new(fixture.OpenDatabase);

    private PaymentRunService.PaymentRunServiceClient Runs(string role = Roles.Finance, string subject = "finance-officer") =>
        new(fixture.Calls(role, subject));

    private async Task<OpenPaymentRunResponse> OpenAsync(PaymentRunMethod method = PaymentRunMethod.Vouchers, DateTimeOffset? cutOff = null, string? key = null) =>
        await Runs().OpenPaymentRunAsync(new OpenPaymentRunRequest
        {
            IdempotencyKey = key ?? Guid.NewGuid().ToString(), Method = method, CutOff = cutOff is { } at ? Timestamp.FromDateTimeOffset(at) : null,
        });

    private async Task<List<PaymentRunClaim>> ClaimsAsync(string runId)
    {
        var claims = new List<PaymentRunClaim>();
        var token = "";
        do
        {
            var page = await Runs().ListPaymentRunClaimsAsync(new ListPaymentRunClaimsRequest { PaymentRunId = runId, PageSize = 2, PageToken = token });
            claims.AddRange(page.Claims);
            token = page.NextPageToken;
        }
        while (token.Length > 0);
        return claims;
    }

    private async Task<string> ExportAsync(string runId, string subject = "finance-officer")
    {
        using var call = Runs(subject: subject).ExportPaymentRun(new ExportPaymentRunRequest { PaymentRunId = runId });
        var csv = new MemoryStream();
        await foreach (var chunk in call.ResponseStream.ReadAllAsync())
        {
            chunk.Csv.WriteTo(csv);
        }

        return Encoding.UTF8.GetString(csv.ToArray());
    }

    [Fact]
    public async Task A_run_gathers_the_approved_claims_of_its_method_approved_by_the_cut_off()
    {
        var now = DateTimeOffset.UtcNow;
        var inTime = await _seed.ClaimAsync("vouchers", approvedAt: now.AddHours(-3));
        var late = await _seed.ClaimAsync("vouchers", approvedAt: now.AddHours(-1));
        var otherMethod = await _seed.ClaimAsync("bank_transfer", approvedAt: now.AddHours(-3));
        var notApproved = await _seed.ClaimAsync("vouchers", state: "submitted");

        var opened = await OpenAsync(PaymentRunMethod.Vouchers, now.AddHours(-2));

        var run = opened.Run;
        Assert.Equal(PaymentRunState.Open, run.State);
        Assert.Equal(PaymentRunMethod.Vouchers, run.Method);
        Assert.StartsWith("PR-", run.Reference, StringComparison.Ordinal);
        Assert.Equal("finance-officer", run.OpenedBy);
        var claims = await ClaimsAsync(run.PaymentRunId);
        Assert.Contains(claims, c => c.ClaimId == inTime.ClaimId.ToString() && c.AmountPence == inTime.AmountPence && c.ClaimReference == inTime.Reference);
        Assert.DoesNotContain(claims, c => c.ClaimId == late.ClaimId.ToString() || c.ClaimId == otherMethod.ClaimId.ToString()
            || c.ClaimId == notApproved.ClaimId.ToString());
        Assert.Equal(claims.Count, run.ClaimCount);
        Assert.Equal(claims.Sum(c => c.AmountPence), run.TotalPence);
        Assert.Equal("in_run", await _seed.StateAsync(inTime.ClaimId));
        Assert.Equal("approved", await _seed.StateAsync(late.ClaimId));
        Assert.Empty(opened.LeftOut);
    }

    [Fact]
    public async Task Expenses_the_trust_booked_are_not_paid_to_the_member()
    {
        var claim = await _seed.ClaimAsync(mileagePence: 1_000, parkingPence: 0, bookedPence: 4_500);

        var run = (await OpenAsync()).Run;

        Assert.Equal(1_000, (await ClaimsAsync(run.PaymentRunId)).Single(c => c.ClaimId == claim.ClaimId.ToString()).AmountPence);
    }

    [Fact]
    public async Task A_bank_transfer_run_leaves_out_and_reports_claims_whose_payee_has_no_bank_details()
    {
        var noDetails = await _seed.ClaimAsync("bank_transfer");

        var opened = await OpenAsync(PaymentRunMethod.BankTransfer);

        var leftOut = Assert.Single(opened.LeftOut, c => c.ClaimId == noDetails.ClaimId.ToString());
        Assert.Equal("no_bank_details", leftOut.Reason);
        Assert.Equal(noDetails.Reference, leftOut.ClaimReference);
        Assert.DoesNotContain(await ClaimsAsync(opened.Run.PaymentRunId), c => c.ClaimId == noDetails.ClaimId.ToString());
        Assert.Equal("approved", await _seed.StateAsync(noDetails.ClaimId));
    }

    [Fact]
    public async Task Repeating_an_open_with_its_key_returns_the_same_run_and_gathers_nothing_more()
    {
        await _seed.ClaimAsync();
        var key = Guid.NewGuid().ToString();
        var cutOff = DateTimeOffset.UtcNow.AddSeconds(-1);
        var first = await OpenAsync(key: key, cutOff: cutOff);
        await _seed.ClaimAsync(approvedAt: DateTimeOffset.UtcNow.AddMinutes(-30));

        var again = await OpenAsync(key: key, cutOff: cutOff);

        Assert.Equal(first.Run.PaymentRunId, again.Run.PaymentRunId);
        Assert.Equal(first.Run.ClaimCount, (await Runs().GetPaymentRunAsync(new GetPaymentRunRequest { PaymentRunId = first.Run.PaymentRunId })).Run.ClaimCount);
    }

    [Fact]
    public async Task Two_runs_opened_at_once_never_share_a_claim()
    {
        var seeded = new List<ClaimSeed.Seeded>();
        for (var i = 0; i < 20; i++)
        {
            seeded.Add(await _seed.ClaimAsync());
        }

        var runs = await Task.WhenAll(OpenAsync(), OpenAsync(), OpenAsync());

        var joined = (await Task.WhenAll(runs.Select(r => ClaimsAsync(r.Run.PaymentRunId)))).SelectMany(c => c).Select(c => c.ClaimId).ToList();
        Assert.Equal(joined.Count, joined.Distinct().Count());
        Assert.All(seeded, s => Assert.Contains(s.ClaimId.ToString(), joined));
    }

    [Fact]
    public async Task The_export_is_a_csv_of_payees_with_a_totals_line_and_every_export_is_recorded()
    {
        var member = Guid.CreateVersion7();
        var first = await _seed.ClaimAsync(memberId: member, mileagePence: 1_234, parkingPence: 0);
        var second = await _seed.ClaimAsync(memberId: member, mileagePence: 500, parkingPence: 66);
        var run = (await OpenAsync()).Run;

        var csv = await ExportAsync(run.PaymentRunId, "exporter-1");
        await ExportAsync(run.PaymentRunId, "exporter-2");

        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("payee_reference,account_name,sort_code,account_number,amount,claim_references", lines[0]);
        var references = string.Join(' ', new[] { first.Reference, second.Reference }.Order(StringComparer.Ordinal));
        Assert.Contains($"{member},,,,18.00,{references}", lines);
        Assert.Equal(run.ClaimCount + 0, lines.Skip(1).SkipLast(1).Sum(l => l.Split(',')[5].Split(' ').Length));
        Assert.Equal($"TOTAL,,,,{run.TotalPence / 100}.{run.TotalPence % 100:D2},{run.ClaimCount}", lines[^1]);
        await using var db = fixture.OpenDatabase();
        var exporters = (await db.QueryAsync<string>("select exported_by from payment_run_exports where payment_run_id = @id::uuid order by exported_at",
            new { id = run.PaymentRunId })).ToList();
        Assert.Equal(["exporter-1", "exporter-2"], exporters);
        var read = (await Runs().GetPaymentRunAsync(new GetPaymentRunRequest { PaymentRunId = run.PaymentRunId })).Run;
        Assert.Equal(2, read.ExportCount);
        Assert.Equal(["exporter-1", "exporter-2"], read.Exports.Select(e => e.ExportedBy));
        Assert.All(read.Exports, e => Assert.InRange(e.ExportedAt.ToDateTimeOffset(), DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1)));
    }

    [Fact]
    public async Task A_bank_transfer_export_carries_the_payees_bank_details_in_clear_and_nowhere_else()
    {
        var registered = Events.MemberRegistered(displayName: "Ada Payee");
        await fixture.MemberEvents.PublishAsync(registered);
        var payees = new PayeeService.PayeeServiceClient(fixture.Calls(Roles.Finance));
        var payee = await Eventually.ValueAsync(async () =>
            (await payees.GetPayeeAsync(new GetPayeeRequest { MemberId = registered.MemberId.ToString() })).Payee);
        await payees.SetBankDetailsAsync(new SetBankDetailsRequest
        {
            MemberId = registered.MemberId.ToString(), ExpectedVersion = payee.Version, SortCode = "12-34-56", AccountNumber = "01234567",
            AccountName = "Ms A, Payee",
        });
        var claim = await _seed.ClaimAsync("bank_transfer", memberId: registered.MemberId, mileagePence: 2_000, parkingPence: 5);
        var opened = await OpenAsync(PaymentRunMethod.BankTransfer);
        Assert.DoesNotContain(opened.LeftOut, c => c.ClaimId == claim.ClaimId.ToString());

        var csv = await ExportAsync(opened.Run.PaymentRunId);

        Assert.Contains($"\r\n{registered.MemberId},\"Ms A, Payee\",123456,01234567,20.05,{claim.Reference}\r\n", csv, StringComparison.Ordinal);
        var run = await Runs().GetPaymentRunAsync(new GetPaymentRunRequest { PaymentRunId = opened.Run.PaymentRunId });
        Assert.DoesNotContain("01234567", run.ToString(), StringComparison.Ordinal);

    }

    /// <summary>A payee with bank details and an approved bank transfer claim, in a new bank transfer run.</summary>
    private async Task<(Guid MemberId, ClaimSeed.Seeded Claim, PaymentRun Run)> BankTransferRunAsync()
    {
        var registered = Events.MemberRegistered(displayName: "Bea Payee");
        await fixture.MemberEvents.PublishAsync(registered);
        var payees = new PayeeService.PayeeServiceClient(fixture.Calls(Roles.Finance));
        var payee = await Eventually.ValueAsync(async () =>
            (await payees.GetPayeeAsync(new GetPayeeRequest { MemberId = registered.MemberId.ToString() })).Payee);
        await payees.SetBankDetailsAsync(new SetBankDetailsRequest
        {
            MemberId = registered.MemberId.ToString(), ExpectedVersion = payee.Version, SortCode = "654321", AccountNumber = "87654321", AccountName = "B Payee",
        });
        var claim = await _seed.ClaimAsync("bank_transfer", memberId: registered.MemberId);
        return (registered.MemberId, claim, (await OpenAsync(PaymentRunMethod.BankTransfer)).Run);
    }

    [Theory]
    [InlineData("delete from bank_details where member_id = @memberId", "NO_BANK_DETAILS")]              // as erasure does
    [InlineData("update bank_details set key_id = 'retired-key' where member_id = @memberId", "BANK_DETAILS_KEY_MISSING")]
    [InlineData("update bank_details set tag = decode(repeat('00', 16), 'hex') where member_id = @memberId", "BANK_DETAILS_UNREADABLE")]   // damaged at rest
    public async Task An_export_with_a_payee_that_cannot_be_paid_is_refused_before_any_row_naming_the_claims_to_return(string change, string type)
    {
        var (memberId, claim, run) = await BankTransferRunAsync();
        await using (var db = fixture.OpenDatabase())
        {
            await db.ExecuteAsync(change, new { memberId });
        }

        var ex = await RpcAssert.FailsWith(StatusCode.FailedPrecondition, () => ExportAsync(run.PaymentRunId));

        var violation = Assert.Single(ex.GetRpcStatus()!.GetDetail<PreconditionFailure>()!.Violations, v => v.Subject == claim.Reference);
        Assert.Equal(type, violation.Type);
        Assert.Equal(0, (await Runs().GetPaymentRunAsync(new GetPaymentRunRequest { PaymentRunId = run.PaymentRunId })).Run.ExportCount);

        var returned = await Runs().MarkClaimReturnedAsync(new MarkClaimReturnedRequest
        {
            PaymentRunId = run.PaymentRunId, ClaimId = claim.ClaimId.ToString(), Reason = "No usable bank details", ExpectedVersion = run.Version,
        });
        Assert.DoesNotContain(claim.Reference, await ExportAsync(run.PaymentRunId), StringComparison.Ordinal);
        Assert.Equal(run.Version + 1, returned.Run.Version);

        // The payee gives their details again, and the returned claim is paid from the next run.
        var payees = new PayeeService.PayeeServiceClient(fixture.Calls(Roles.Finance));
        var payee = (await payees.GetPayeeAsync(new GetPayeeRequest { MemberId = memberId.ToString() })).Payee;
        await payees.SetBankDetailsAsync(new SetBankDetailsRequest
        {
            MemberId = memberId.ToString(), ExpectedVersion = payee.Version, SortCode = "654321", AccountNumber = "87654321", AccountName = "B Payee",
        });
        var next = (await OpenAsync(PaymentRunMethod.BankTransfer)).Run;
        Assert.Contains($"{memberId},B Payee,654321,87654321", await ExportAsync(next.PaymentRunId), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Returning_a_claim_from_a_run_changed_since_it_was_read_is_aborted()
    {
        var claim = await _seed.ClaimAsync();
        var other = await _seed.ClaimAsync();
        var run = (await OpenAsync()).Run;
        await Runs().MarkClaimReturnedAsync(new MarkClaimReturnedRequest
        {
            PaymentRunId = run.PaymentRunId, ClaimId = other.ClaimId.ToString(), Reason = "first", ExpectedVersion = run.Version,
        });

        await RpcAssert.FailsWith(StatusCode.Aborted, () => Runs().MarkClaimReturnedAsync(new MarkClaimReturnedRequest
        {
            PaymentRunId = run.PaymentRunId, ClaimId = claim.ClaimId.ToString(), Reason = "stale", ExpectedVersion = run.Version,
        }).ResponseAsync);

        Assert.Equal("in_run", await _seed.StateAsync(claim.ClaimId));
    }

    [Fact]
    public async Task Confirming_pays_each_claim_once_with_ClaimPaid_and_PaymentRunConfirmed_and_confirming_again_changes_nothing()
    {
        var paidEvents = await fixture.ProbeAsync<ClaimPaid>();
        var confirmedEvents = await fixture.ProbeAsync<PaymentRunConfirmed>();
        var claim = await _seed.ClaimAsync(costCentre: "CARDIO", mileagePence: 1_350, parkingPence: 400, bookedPence: 2_000,
            dueOn: DateOnly.FromDateTime(DateTime.UtcNow.AddDays(5)));
        var run = (await OpenAsync()).Run;

        var confirmed = await Runs().ConfirmPaymentRunAsync(new ConfirmPaymentRunRequest { PaymentRunId = run.PaymentRunId });
        var again = await Runs().ConfirmPaymentRunAsync(new ConfirmPaymentRunRequest { PaymentRunId = run.PaymentRunId });
        await fixture.SettledAsync();

        Assert.True(confirmed.Changed);
        Assert.Equal(PaymentRunState.Confirmed, confirmed.Run.State);
        Assert.NotNull(confirmed.Run.PaidOn);
        Assert.False(again.Changed);
        Assert.Equal(confirmed.Run, again.Run);
        Assert.Equal("paid", await _seed.StateAsync(claim.ClaimId));
        var paid = Assert.Single(paidEvents.Received, e => e.ClaimId == claim.ClaimId);
        Assert.Equal(1_750, paid.Amounts.TotalPence);
        Assert.Equal(0, paid.Amounts.FeesPence);
        Assert.Equal(1_750, paid.Amounts.ExpensesPence);
        Assert.Equal(2_000, paid.Amounts.BookedByTrustPence);
        Assert.Equal(new Dictionary<string, long> { ["mileage"] = 1_350, ["parking"] = 400 }, paid.Amounts.ExpensesByCategoryPence);
        Assert.Equal([new CostCentreAmount("CARDIO", 3_750)], paid.Amounts.CostCentres);
        Assert.Equal(claim.Reference, paid.ClaimReference);
        Assert.True(paid.PaidOnTime);
        Assert.Equal(run.PaymentRunId, paid.PaymentRunId.ToString());
        Assert.Equal(claim.MemberId, paid.MemberId);
        var runEvent = Assert.Single(confirmedEvents.Received, e => e.PaymentRunId.ToString() == run.PaymentRunId);
        Assert.Equal(confirmed.Run.ClaimCount, runEvent.ClaimCount);
        Assert.Equal(confirmed.Run.TotalPence, runEvent.TotalPence);
        Assert.Equal(run.ClaimCount, paidEvents.Received.Count(e => e.PaymentRunId.ToString() == run.PaymentRunId));
        Assert.Empty(EventContract.Problems(paid));
        Assert.Empty(EventContract.Problems(runEvent));
        var claimRead = (await new ClaimService.ClaimServiceClient(fixture.Calls(Roles.Finance)).GetClaimAsync(new GetClaimRequest
        {
            ClaimId = claim.ClaimId.ToString(),
        })).Claim;
        Assert.Equal((claimRead.FeesPence, claimRead.ExpensesPence, claimRead.TotalPence), (paid.Amounts.FeesPence, paid.Amounts.ExpensesPence, paid.Amounts.TotalPence));
    }

    [Fact]
    public async Task A_claim_paid_after_its_due_date_is_reported_late()
    {
        var paidEvents = await fixture.ProbeAsync<ClaimPaid>();
        var claim = await _seed.ClaimAsync(dueOn: DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-2)));
        var run = (await OpenAsync()).Run;

        await Runs().ConfirmPaymentRunAsync(new ConfirmPaymentRunRequest { PaymentRunId = run.PaymentRunId });

        Assert.False((await paidEvents.WaitForAsync(e => e.ClaimId == claim.ClaimId)).PaidOnTime);
    }

    [Fact]
    public async Task A_returned_claim_goes_back_to_approved_with_its_reason_joins_the_next_run_and_is_paid_once()
    {
        var paidEvents = await fixture.ProbeAsync<ClaimPaid>();
        var kept = await _seed.ClaimAsync();
        var returned = await _seed.ClaimAsync();
        var first = (await OpenAsync()).Run;

        var marked = await Runs().MarkClaimReturnedAsync(new MarkClaimReturnedRequest
        {
            PaymentRunId = first.PaymentRunId, ClaimId = returned.ClaimId.ToString(), Reason = "Voucher code bounced", ExpectedVersion = first.Version,
        });
        Assert.True(marked.Claim.Returned);
        Assert.Equal("Voucher code bounced", marked.Claim.ReturnedReason);
        Assert.Equal(first.ClaimCount - 1, marked.Run.ClaimCount);
        Assert.Equal(1, marked.Run.ReturnedCount);
        Assert.Equal("approved", await _seed.StateAsync(returned.ClaimId));
        var shown = (await new ClaimService.ClaimServiceClient(fixture.Calls(Roles.Finance)).GetClaimAsync(new GetClaimRequest
        {
            ClaimId = returned.ClaimId.ToString(),
        })).Claim.LastReturn;
        Assert.Equal(("Voucher code bounced", first.Reference, "finance-officer"), (shown.Reason, shown.PaymentRunReference, shown.ReturnedBy));
        await RpcAssert.FailsWith(StatusCode.FailedPrecondition, () => Runs().MarkClaimReturnedAsync(new MarkClaimReturnedRequest
        {
            PaymentRunId = first.PaymentRunId, ClaimId = returned.ClaimId.ToString(), Reason = "again", ExpectedVersion = marked.Run.Version,
        }).ResponseAsync);
        Assert.DoesNotContain(returned.Reference, await ExportAsync(first.PaymentRunId), StringComparison.Ordinal);
        await Runs().ConfirmPaymentRunAsync(new ConfirmPaymentRunRequest { PaymentRunId = first.PaymentRunId });
        Assert.Equal("approved", await _seed.StateAsync(returned.ClaimId));

        var next = (await OpenAsync()).Run;
        Assert.Contains(await ClaimsAsync(next.PaymentRunId), c => c.ClaimId == returned.ClaimId.ToString() && !c.Returned);
        await Runs().ConfirmPaymentRunAsync(new ConfirmPaymentRunRequest { PaymentRunId = next.PaymentRunId });
        await fixture.SettledAsync();

        Assert.Equal("paid", await _seed.StateAsync(returned.ClaimId));
        Assert.Equal(next.PaymentRunId, Assert.Single(paidEvents.Received, e => e.ClaimId == returned.ClaimId).PaymentRunId.ToString());
        Assert.Equal(first.PaymentRunId, Assert.Single(paidEvents.Received, e => e.ClaimId == kept.ClaimId).PaymentRunId.ToString());
    }

    [Fact]
    public async Task A_confirmed_runs_claims_cannot_be_returned_and_unknown_claims_or_runs_are_not_found()
    {
        var claim = await _seed.ClaimAsync();
        var run = (await OpenAsync()).Run;
        await RpcAssert.FailsWith(StatusCode.NotFound, () => Runs().MarkClaimReturnedAsync(new MarkClaimReturnedRequest
        {
            PaymentRunId = run.PaymentRunId, ClaimId = Guid.NewGuid().ToString(), Reason = "not in it", ExpectedVersion = run.Version,
        }).ResponseAsync);
        await Runs().ConfirmPaymentRunAsync(new ConfirmPaymentRunRequest { PaymentRunId = run.PaymentRunId });

        var ex = await RpcAssert.FailsWith(StatusCode.FailedPrecondition, () => Runs().MarkClaimReturnedAsync(new MarkClaimReturnedRequest
        {
            PaymentRunId = run.PaymentRunId, ClaimId = claim.ClaimId.ToString(), Reason = "too late", ExpectedVersion = run.Version + 1,
        }).ResponseAsync);

        Assert.Contains("confirmed", ex.Status.Detail, StringComparison.Ordinal);
        Assert.Equal("paid", await _seed.StateAsync(claim.ClaimId));
        var unknown = Guid.NewGuid().ToString();
        await RpcAssert.FailsWith(StatusCode.NotFound, () => Runs().GetPaymentRunAsync(new GetPaymentRunRequest { PaymentRunId = unknown }).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.NotFound, () => Runs().ConfirmPaymentRunAsync(new ConfirmPaymentRunRequest { PaymentRunId = unknown }).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.NotFound, () => ExportAsync(unknown));
        await RpcAssert.FailsWith(StatusCode.NotFound, () => ClaimsAsync(unknown));
    }

    private async Task<List<PaymentRun>> ListAsync(PaymentRunState state, string role = Roles.Finance)
    {
        var runs = new List<PaymentRun>();
        var token = "";
        do
        {
            var page = await Runs(role).ListPaymentRunsAsync(new ListPaymentRunsRequest { State = state, PageSize = 2, PageToken = token });
            runs.AddRange(page.Runs);
            token = page.NextPageToken;
        }
        while (token.Length > 0);
        return runs;
    }

    [Fact]
    public async Task Runs_are_listed_newest_first_a_page_at_a_time_and_by_state()
    {
        await _seed.ClaimAsync();
        var older = (await OpenAsync()).Run;
        var newer = (await OpenAsync()).Run;
        await Runs().ConfirmPaymentRunAsync(new ConfirmPaymentRunRequest { PaymentRunId = older.PaymentRunId });

        var all = (await ListAsync(PaymentRunState.Unspecified)).Select(r => r.PaymentRunId).ToList();
        var open = await ListAsync(PaymentRunState.Open);
        var confirmed = await ListAsync(PaymentRunState.Confirmed);

        Assert.True(all.IndexOf(newer.PaymentRunId) < all.IndexOf(older.PaymentRunId));
        Assert.Equal(all.Count, all.Distinct().Count());
        Assert.Contains(open, r => r.PaymentRunId == newer.PaymentRunId);
        Assert.DoesNotContain(open, r => r.PaymentRunId == older.PaymentRunId);
        var listed = Assert.Single(confirmed, r => r.PaymentRunId == older.PaymentRunId);
        Assert.Equal(older.ClaimCount, listed.ClaimCount);
        Assert.All(open, r => Assert.Equal(PaymentRunState.Open, r.State));
    }

    [Theory]
    [InlineData(Roles.PpiTeam)]
    [InlineData(Roles.Member)]
    [InlineData(Roles.ReportingConsumer)]
    public async Task Only_finance_works_with_runs(string role)
    {
        var runId = (await OpenAsync()).Run.PaymentRunId;
        var calls = Runs(role, Guid.NewGuid().ToString());

        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => calls.OpenPaymentRunAsync(new OpenPaymentRunRequest
        {
            IdempotencyKey = "k", Method = PaymentRunMethod.Vouchers,
        }).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => calls.GetPaymentRunAsync(new GetPaymentRunRequest { PaymentRunId = runId }).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => calls.ListPaymentRunsAsync(new ListPaymentRunsRequest()).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => calls.ConfirmPaymentRunAsync(new ConfirmPaymentRunRequest { PaymentRunId = runId }).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, async () =>
        {
            using var call = calls.ExportPaymentRun(new ExportPaymentRunRequest { PaymentRunId = runId });
            await call.ResponseStream.MoveNext();
        });
        await using var db = fixture.OpenDatabase();
        Assert.Equal(0, await db.ExecuteScalarAsync<int>("select count(*)::int from payment_run_exports where payment_run_id = @id::uuid", new { id = runId }));
    }

    [Fact]
    public async Task Bad_input_names_each_field()
    {
        await RpcAssert.InvalidFields(() => Runs().OpenPaymentRunAsync(new OpenPaymentRunRequest
        {
            Method = (PaymentRunMethod)9, CutOff = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(1)),
        }).ResponseAsync, "idempotency_key", "method", "cut_off");
        await RpcAssert.InvalidFields(() => Runs().OpenPaymentRunAsync(new OpenPaymentRunRequest { IdempotencyKey = "k" }).ResponseAsync, "method");
        await RpcAssert.InvalidFields(() => Runs().ConfirmPaymentRunAsync(new ConfirmPaymentRunRequest
        {
            PaymentRunId = "run-1", PaidOn = new Google.Type.Date { Year = 2999, Month = 1, Day = 1 },
        }).ResponseAsync, "payment_run_id", "paid_on");
        await RpcAssert.InvalidFields(() => Runs().MarkClaimReturnedAsync(new MarkClaimReturnedRequest
        {
            PaymentRunId = Guid.NewGuid().ToString(), ClaimId = "", Reason = " ",
        }).ResponseAsync, "claim_id", "reason", "expected_version");
        await RpcAssert.InvalidFields(() => Runs().ListPaymentRunsAsync(new ListPaymentRunsRequest
        {
            State = (PaymentRunState)7, PageSize = 999, PageToken = "nonsense",
        }).ResponseAsync, "state", "page_size", "page_token");
        await RpcAssert.InvalidFields(() => Runs().ListPaymentRunClaimsAsync(new ListPaymentRunClaimsRequest
        {
            PaymentRunId = Guid.NewGuid().ToString(), PageSize = -1, PageToken = "nonsense",
        }).ResponseAsync, "page_size", "page_token");
        await RpcAssert.InvalidFields(async () =>
        {
            using var call = Runs().ExportPaymentRun(new ExportPaymentRunRequest { PaymentRunId = "x" });
            await call.ResponseStream.MoveNext();
        }, "payment_run_id");
    }
}
