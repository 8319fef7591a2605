using Grpc.Core;
using Involvement.BuildingBlocks.Security;
using Involvement.Payments.V1;
using Involvement.Recruitment.V1;
using Involvement.TestKit;

namespace Involvement.EndToEndTests.Cli;

/// <summary>
/// Finance through the CLI: a member's submitted claim (made through the API, as a member's portal would) is found in
/// the approval queue, approved, batched into a run, exported to a file and confirmed paid.
/// </summary>
[Collection(CliCollection.Name)]
public sealed class FinanceCliTests(SystemFixture system)
{
    [Fact]
    public async Task Approve_open_a_run_export_it_to_a_file_and_confirm_it_paid()
    {
        var claim = await SubmittedClaimAsync();

        var pending = (await system.CliAsync("list-claims", "--pending", "--output", "json")).Json();
        var queued = Assert.Single(pending.GetProperty("claims").EnumerateArray(), c => c.GetProperty("claimId").GetString() == claim.ClaimId);
        Assert.Equal("CLAIM_STATE_SUBMITTED", queued.GetProperty("state").GetString());

        var approved = (await system.CliAsync("approve-claim", "--claim-id", claim.ClaimId, "--version", queued.GetProperty("version").GetString()!,
            "--subject", "finance-officer", "--output", "json")).Json().GetProperty("claim");
        Assert.Equal(("CLAIM_STATE_APPROVED", "finance-officer"), (approved.GetProperty("state").GetString(), approved.GetProperty("approvedBy").GetString()));

        var run = (await system.CliAsync("open-payment-run", "--method", "bank-transfer", "--output", "json")).Json().GetProperty("run");
        var runId = run.GetProperty("paymentRunId").GetString()!;
        Assert.Equal(1, run.GetProperty("claimCount").GetInt32());

        var file = Path.Combine(Path.GetTempPath(), $"run-{Guid.NewGuid():N}.csv");
        try
        {
            var export = await system.CliAsync("export-payment-run", "--run-id", runId, "--out", file, "--output", "json");
            var written = export.Json();
            Assert.Equal(file, written.GetProperty("path").GetString());
            Assert.Equal(new FileInfo(file).Length, written.GetProperty("bytes").GetInt64());
            Assert.Contains("exporting payment run", export.Stderr, StringComparison.Ordinal);   // progress, not in the answer
            var csv = await File.ReadAllTextAsync(file);
            Assert.Contains(claim.Reference, csv, StringComparison.Ordinal);
            Assert.Contains("12345678", csv, StringComparison.Ordinal);
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));   // bank details in clear
            }
        }
        finally
        {
            File.Delete(file);
        }

        var confirmed = (await system.CliAsync("confirm-payment-run", "--run-id", runId, "--output", "json")).Json();
        Assert.True(confirmed.GetProperty("changed").GetBoolean());
        Assert.Equal("PAYMENT_RUN_STATE_CONFIRMED", confirmed.GetProperty("run").GetProperty("state").GetString());
        var paid = (await system.CliAsync("get-claim", "--claim-id", claim.ClaimId, "--output", "json")).Json();
        Assert.Equal("CLAIM_STATE_PAID", paid.GetProperty("claim").GetProperty("state").GetString());
    }

    [Fact]
    public async Task A_token_for_another_role_is_exit_5()
    {
        var reporting = await system.CliAsync("token", "--role", Roles.ReportingConsumer);
        Assert.Equal(0, reporting.Code);
        var refused = await system.CliAsync("list-claims", "--token", reporting.Stdout.Trim());
        Assert.True(refused.Code == 5, refused.ToString());
        Assert.Contains("not allowed", refused.Stderr, StringComparison.Ordinal);
        Assert.Empty(refused.Stdout);
    }

    /// <summary>Attendance at a £20 session becomes a fee; the member gives bank details and submits a claim for it.</summary>
    private async Task<Claim> SubmittedClaimAsync()
    {
        using var recruitment = system.Recruitment.OpenChannel();
        using var payments = system.Payments.OpenChannel();
        CallInvoker Payments(string role, string subject = "finance-setup") => payments.CreateCallInvoker().As(role, subject);
        var ppi = recruitment.CreateCallInvoker().As(Roles.PpiTeam);
        await new RateCardService.RateCardServiceClient(Payments(Roles.Finance)).CreateRateCardAsync(new CreateRateCardRequest
        {
            IdempotencyKey = "cli-rate-card", Reference = "cli-session", Kind = RateCardKind.Contributor, Title = "Contributor, per session",
            FirstVersion = new RateTerms { EffectiveFrom = new Google.Type.Date { Year = 2020, Month = 1, Day = 1 }, Unit = RateUnit.Session, AmountPence = 2000 },
        });
        var member = await RecruitmentSteps.ActiveMemberAsync(ppi, "Claimant");
        var opportunity = await RecruitmentSteps.PublishedOpportunityAsync(ppi, "cli-session", "CLI-CC");
        var participation = new ParticipationService.ParticipationServiceClient(ppi);
        var interested = (await participation.ExpressInterestAsync(new ExpressInterestRequest
        {
            IdempotencyKey = Guid.NewGuid().ToString(), OpportunityId = opportunity.OpportunityId, MemberId = member.MemberId,
        })).Participant;
        await participation.DecideParticipantAsync(new DecideParticipantRequest
        {
            OpportunityId = opportunity.OpportunityId, MemberId = member.MemberId, ExpectedVersion = interested.Version, Decision = Decision.Selected, Reason = "Carer.",
        });
        await participation.RecordAttendanceAsync(new Recruitment.V1.RecordAttendanceRequest
        {
            IdempotencyKey = Guid.NewGuid().ToString(), OpportunityId = opportunity.OpportunityId, SessionId = opportunity.Sessions[0].SessionId,
            MemberId = member.MemberId, Attended = true, Hours = 3,
        });
        await Eventually.TrueAsync(async () => (await new FeeService.FeeServiceClient(Payments(Roles.Finance))
            .ListFeeLinesAsync(new ListFeeLinesRequest { MemberId = member.MemberId })).FeeLines.Any(l => l.State == FeeLineState.Payable),
            TimeSpan.FromSeconds(60), "the fee from the attendance");

        var payees = new PayeeService.PayeeServiceClient(Payments(Roles.Member, member.MemberId));
        var payee = (await payees.GetPayeeAsync(new GetPayeeRequest { MemberId = member.MemberId })).Payee;
        await payees.SetBankDetailsAsync(new SetBankDetailsRequest
        {
            MemberId = member.MemberId, ExpectedVersion = payee.Version, SortCode = "12-34-56", AccountNumber = "12345678", AccountName = "P Claimant",
        });
        var claims = new ClaimService.ClaimServiceClient(Payments(Roles.Member, member.MemberId));
        var claim = (await claims.CreateClaimAsync(new CreateClaimRequest { IdempotencyKey = Guid.NewGuid().ToString(), MemberId = member.MemberId, GatherFeeLines = true })).Claim;
        return (await claims.SubmitClaimAsync(new SubmitClaimRequest { ClaimId = claim.ClaimId, ExpectedVersion = claim.Version })).Claim;
    }
}
