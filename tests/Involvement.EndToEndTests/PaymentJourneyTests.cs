using Dapper;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Involvement.BuildingBlocks.Security;
using Involvement.Contracts.Payments;
using Involvement.Payments.V1;
using Involvement.Recruitment.V1;
using Involvement.TestKit;
using Npgsql;

namespace Involvement.EndToEndTests;

/// <summary>
/// Money from attendance to the bank, across two real processes and the broker: recruitment records attendance,
/// payments makes a fee, a member claims it with mileage, someone else approves, finance runs, exports and confirms.
/// Both services reach the broker through proxies the test cuts, and payments is killed in the middle of the run.
/// </summary>
public sealed class PaymentJourneyTests(PaymentJourneyTests.Fixture fixture) : IClassFixture<PaymentJourneyTests.Fixture>
{
    [Fact]
    public async Task Attendance_becomes_a_fee_a_claim_and_a_payment_once_whatever_the_broker_and_the_process_do()
    {
        var paid = await EventProbe.StartAsync<ClaimPaid>(fixture.VirtualHost.Name);
        var confirmed = await EventProbe.StartAsync<PaymentRunConfirmed>(fixture.VirtualHost.Name);
        await using var _ = paid;
        await using var __ = confirmed;

        // Finance's policy: £20 a session.
        await fixture.RateCards(Roles.Finance).CreateRateCardAsync(new CreateRateCardRequest
        {
            IdempotencyKey = Guid.NewGuid().ToString(), Reference = "e2e-session", Kind = RateCardKind.Contributor, Title = "Contributor, per session",
            FirstVersion = new RateTerms { EffectiveFrom = new Google.Type.Date { Year = 2020, Month = 1, Day = 1 }, Unit = RateUnit.Session, AmountPence = 2000 },
        });

        // Recruitment: a member takes a seat and attends. Recruitment's broker is cut while attendance is recorded, so
        // ParticipationRecorded waits in its outbox and reaches payments when the broker is back.
        var member = await fixture.ActiveMemberAsync();
        var opportunity = await fixture.PublishedOpportunityAsync("e2e-session", "E2E-CC");
        await fixture.SeatAsync(opportunity, member);
        fixture.RecruitmentBroker.Refuse();
        await fixture.Participation().RecordAttendanceAsync(new RecordAttendanceRequest
        {
            IdempotencyKey = Guid.NewGuid().ToString(), OpportunityId = opportunity.OpportunityId, SessionId = opportunity.Sessions[0].SessionId,
            MemberId = member.MemberId, Attended = true, Hours = 3,
        });
        fixture.RecruitmentBroker.Resume();

        var fee = await Eventually.ValueAsync(async () =>
        {
            var lines = (await fixture.Fees(Roles.Finance).ListFeeLinesAsync(new ListFeeLinesRequest { MemberId = member.MemberId })).FeeLines;
            return lines.SingleOrDefault(l => l.State == FeeLineState.Payable) ?? throw new InvalidOperationException("no payable fee yet");
        }, TimeSpan.FromSeconds(60), "the fee from the attendance");
        Assert.Equal((2000L, "E2E-CC"), (fee.AmountPence, fee.CostCentre));

        // The member gives bank details, claims the fee with mileage and submits; the PPI team approves.
        var payee = (await fixture.Payees(Roles.Member, member.MemberId).GetPayeeAsync(new GetPayeeRequest { MemberId = member.MemberId })).Payee;
        await fixture.Payees(Roles.Member, member.MemberId).SetBankDetailsAsync(new SetBankDetailsRequest
        {
            MemberId = member.MemberId, ExpectedVersion = payee.Version, SortCode = "12-34-56", AccountNumber = "12345678", AccountName = "T E2E",
        });
        var claims = fixture.Claims(Roles.Member, member.MemberId);
        var claim = (await claims.CreateClaimAsync(new CreateClaimRequest { IdempotencyKey = Guid.NewGuid().ToString(), MemberId = member.MemberId, GatherFeeLines = true })).Claim;
        claim = (await claims.AddExpenseLineAsync(new AddExpenseLineRequest
        {
            ClaimId = claim.ClaimId, ExpectedVersion = claim.Version, Category = ExpenseCategory.Mileage, SessionId = opportunity.Sessions[0].SessionId,
            IncurredOn = fee.SessionDate, Vehicle = Vehicle.Car, Miles = 10, Passengers = 1,
        })).Claim;
        claim = (await claims.SubmitClaimAsync(new SubmitClaimRequest { ClaimId = claim.ClaimId, ExpectedVersion = claim.Version })).Claim;
        claim = (await fixture.Claims(Roles.PpiTeam, "ppi-approver").ApproveClaimAsync(new ApproveClaimRequest { ClaimId = claim.ClaimId, ExpectedVersion = claim.Version })).Claim;
        Assert.Equal((2000L, 500L, 2500L), (claim.FeesPence, claim.ExpensesPence, claim.TotalPence));   // 10 miles at 45p + 5p for a passenger

        // Finance opens a run and exports it; payments' broker is cut, the run is confirmed, and the process is
        // killed before it could publish anything.
        var runs = fixture.Runs();
        var run = (await runs.OpenPaymentRunAsync(new OpenPaymentRunRequest { IdempotencyKey = Guid.NewGuid().ToString(), Method = PaymentRunMethod.BankTransfer })).Run;
        Assert.Equal((1, 2500L), (run.ClaimCount, run.TotalPence));
        var csv = await fixture.ExportAsync(run.PaymentRunId);
        Assert.Contains("123456,12345678", csv, StringComparison.Ordinal);   // in clear only here, for the finance system
        Assert.Contains(claim.Reference, csv, StringComparison.Ordinal);

        fixture.PaymentsBroker.Refuse();
        var first = await runs.ConfirmPaymentRunAsync(new ConfirmPaymentRunRequest { PaymentRunId = run.PaymentRunId });
        Assert.True(first.Changed);
        await fixture.Payments.KillAsync();
        fixture.PaymentsBroker.Resume();
        await fixture.Payments.StartAsync();

        // The finance user's retry changes nothing; the payment is published once, after the restart.
        var retried = await fixture.Runs().ConfirmPaymentRunAsync(new ConfirmPaymentRunRequest { PaymentRunId = run.PaymentRunId });
        Assert.False(retried.Changed);
        var claimPaid = await paid.WaitForAsync(p => p.ClaimId.ToString() == claim.ClaimId, TimeSpan.FromSeconds(60));
        Assert.Equal((2500L, 2000L, 500L, true), (claimPaid.Amounts.TotalPence, claimPaid.Amounts.FeesPence, claimPaid.Amounts.ExpensesPence, claimPaid.PaidOnTime));
        await confirmed.WaitForAsync(c => c.PaymentRunId.ToString() == run.PaymentRunId, TimeSpan.FromSeconds(60));

        // A later run finds nothing left to pay; the claim is paid, once.
        var next = (await fixture.Runs().OpenPaymentRunAsync(new OpenPaymentRunRequest { IdempotencyKey = Guid.NewGuid().ToString(), Method = PaymentRunMethod.BankTransfer })).Run;
        Assert.Equal((0, 0L), (next.ClaimCount, next.TotalPence));
        var final = (await fixture.Claims(Roles.Finance).GetClaimAsync(new GetClaimRequest { ClaimId = claim.ClaimId })).Claim;
        Assert.Equal(ClaimState.Paid, final.State);
        await fixture.PaymentsSettledAsync();
        await paid.FlushAsync();
        await confirmed.FlushAsync();
        Assert.Single(paid.Received, p => p.ClaimId.ToString() == claim.ClaimId);
        Assert.Single(confirmed.Received, c => c.PaymentRunId.ToString() == run.PaymentRunId);
        Assert.Equal(1, await fixture.PaymentsScalarAsync("select count(*) from fee_lines where member_id = @id", Guid.Parse(member.MemberId)));
    }

    public sealed class Fixture : IAsyncLifetime
    {
        private readonly string _logs = Directory.CreateTempSubdirectory("involvement-payments-").FullName;
        private readonly string _recruitmentDb = TestInfrastructure.UniqueDatabaseName("e2e_pay_recruitment");
        private readonly string _paymentsDb = TestInfrastructure.UniqueDatabaseName("e2e_pay_payments");

        public TcpProxy RecruitmentBroker { get; } = new(TestInfrastructure.RabbitMqPort);

        public TcpProxy PaymentsBroker { get; } = new(TestInfrastructure.RabbitMqPort);

        public TestVirtualHost VirtualHost { get; private set; } = null!;

        public ServiceProcess Recruitment { get; private set; } = null!;

        public ServiceProcess Payments { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            VirtualHost = await TestVirtualHost.CreateAsync();
            RecruitmentBroker.Start();
            PaymentsBroker.Start();
            await TestInfrastructure.CreateDatabaseAsync(_recruitmentDb, "recruitment");
            await TestInfrastructure.CreateDatabaseAsync(_paymentsDb, "payments");
            Recruitment = new ServiceProcess("Recruitment", Settings("recruitment", _recruitmentDb, RecruitmentBroker.Port), _logs);
            Payments = new ServiceProcess("Payments", Settings("payments", _paymentsDb, PaymentsBroker.Port), _logs);
            await Task.WhenAll(Recruitment.StartAsync(), Payments.StartAsync());
        }

        private Dictionary<string, string?> Settings(string service, string database, int brokerPort)
        {
            var settings = ServiceSettings.For(service, database, VirtualHost.Name, brokerPort);
            settings["RabbitMq:ReconnectMinDelay"] = "00:00:00.250";
            settings["RabbitMq:ReconnectMaxDelay"] = "00:00:01";
            return settings;
        }

        private static CallInvoker Calls(ServiceProcess service, string role, string subject) =>
            service.OpenChannel().CreateCallInvoker().As(role, subject);

        public RateCardService.RateCardServiceClient RateCards(string role) => new(Calls(Payments, role, "finance-user"));

        public FeeService.FeeServiceClient Fees(string role) => new(Calls(Payments, role, "finance-user"));

        public PayeeService.PayeeServiceClient Payees(string role, string subject) => new(Calls(Payments, role, subject));

        public ClaimService.ClaimServiceClient Claims(string role, string subject = "finance-user") => new(Calls(Payments, role, subject));

        public PaymentRunService.PaymentRunServiceClient Runs() => new(Calls(Payments, Roles.Finance, "finance-user"));

        public ParticipationService.ParticipationServiceClient Participation() => new(Calls(Recruitment, Roles.PpiTeam, "ppi-user"));

        public async Task<string> ExportAsync(string runId)
        {
            using var call = Runs().ExportPaymentRun(new ExportPaymentRunRequest { PaymentRunId = runId });
            using var csv = new MemoryStream();
            await foreach (var chunk in call.ResponseStream.ReadAllAsync())
            {
                chunk.Csv.WriteTo(csv);
            }

            return System.Text.Encoding.UTF8.GetString(csv.ToArray());
        }

        public Task<Member> ActiveMemberAsync() => RecruitmentSteps.ActiveMemberAsync(Calls(Recruitment, Roles.PpiTeam, "ppi-user"), "Payee");

        public Task<Opportunity> PublishedOpportunityAsync(string rateReference, string costCentre) =>
            RecruitmentSteps.PublishedOpportunityAsync(Calls(Recruitment, Roles.PpiTeam, "ppi-user"), rateReference, costCentre);

        public async Task SeatAsync(Opportunity opportunity, Member member)
        {
            var interested = (await Participation().ExpressInterestAsync(new ExpressInterestRequest
            {
                IdempotencyKey = Guid.NewGuid().ToString(), OpportunityId = opportunity.OpportunityId, MemberId = member.MemberId,
            })).Participant;
            await Participation().DecideParticipantAsync(new DecideParticipantRequest
            {
                OpportunityId = opportunity.OpportunityId, MemberId = member.MemberId, ExpectedVersion = interested.Version,
                Decision = Decision.Selected, Reason = "Brings recent experience of the carers' assessment.",
            });
        }

        /// <summary>Waits until payments has published everything it wrote.</summary>
        public Task PaymentsSettledAsync() => Eventually.TrueAsync(
            async () => await PaymentsScalarAsync("select count(*) from outbox_messages where sent_at is null and parked_at is null") == 0,
            what: "payments' outbox to drain");

        public async Task<long> PaymentsScalarAsync(string sql, Guid? id = null)
        {
            await using var db = new NpgsqlConnection(TestInfrastructure.ConnectionString(_paymentsDb));
            return await db.ExecuteScalarAsync<long>(sql, new { id });
        }

        public async Task DisposeAsync()
        {
            await Recruitment.DisposeAsync();
            await Payments.DisposeAsync();
            await RecruitmentBroker.DisposeAsync();
            await PaymentsBroker.DisposeAsync();
            await TestInfrastructure.DropDatabaseAsync(_recruitmentDb);
            await TestInfrastructure.DropDatabaseAsync(_paymentsDb);
            await VirtualHost.DisposeAsync();
        }
    }
}
