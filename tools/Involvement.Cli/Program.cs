using Google.Protobuf;
using Grpc.Core;
using Involvement.BuildingBlocks.Security;
using Involvement.Cli;
using Involvement.Payments.V1;
using Involvement.Recruitment.V1;
using Involvement.Reporting.V1;
using Involvement.Training.V1;

var a = new Arguments(args);
var formatter = new JsonFormatter(JsonFormatter.Settings.Default.WithIndentation());
using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(5));
var ct = cancel.Token;

try
{
    if (await ClaimCommands.RunAsync(a, formatter, ct) is { } claimsExit)
    {
        return claimsExit;
    }

    if (await FeeCommands.RunAsync(a, formatter, ct) is { } feesExit)
    {
        return feesExit;
    }

    if (await FinanceCommands.RunAsync(a, formatter, ct) is { } financeExit)
    {
        return financeExit;
    }

    switch (a.Command)
    {
        case "token":
            Console.WriteLine(Client.Token(a.Require("role"), a.Get("subject", "involvement-cli")));
            return 0;

        case "wait-healthy":
            // Waits until every address answers gRPC health SERVING.
            var addresses = a.Require("addresses").Split(',', StringSplitOptions.RemoveEmptyEntries);
            var deadline = DateTimeOffset.UtcNow.AddSeconds(int.Parse(a.Get("seconds", "120"), System.Globalization.CultureInfo.InvariantCulture));
            foreach (var address in addresses)
            {
                while (true)
                {
                    try
                    {
                        if (await Client.HealthAsync(address, ct) == Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus.Serving)
                        {
                            Console.WriteLine($"{address} SERVING");
                            break;
                        }
                    }
                    catch (RpcException)
                    {
                        // not listening yet
                    }

                    if (DateTimeOffset.UtcNow > deadline)
                    {
                        Console.Error.WriteLine($"{address} is not SERVING");
                        return 1;
                    }

                    await Task.Delay(500, ct);
                }
            }

            return 0;

        case "load-demo":
            var recruitment = Client.Authorised(a.Require("recruitment"), Roles.PpiTeam);
            var demoPayments = a.Get("payments") is { } paymentsAddress ? new DemoPayments(paymentsAddress, Console.Out) : null;
            if (demoPayments is not null)
            {
                await demoPayments.LoadPolicyAsync(ct);
            }

            var members = await DemoData.LoadAsync(new MemberService.MemberServiceClient(recruitment), ct);
            Console.WriteLine($"{members.Count} demo members registered and active");
            await new DemoOpportunities(recruitment, Console.Out).LoadAsync(members, ct);
            await new DemoImpact(recruitment, Console.Out).LoadAsync(members, ct);
            if (demoPayments is not null)
            {
                await demoPayments.LoadPaymentAsync(ct);
            }

            if (a.Get("training") is { } trainingAddress)
            {
                await new DemoTraining(trainingAddress, recruitment, Console.Out).LoadAsync(members, ct);
            }

            if (a.Get("reporting") is { } reportingAddress)
            {
                await new DemoTargets(Client.Authorised(reportingAddress, Roles.PpiTeam), Console.Out).LoadAsync(ct);
            }

            Console.WriteLine($"first member id: {members[0].MemberId}");
            return 0;

        case "match":
            var matching = new MatchingService.MatchingServiceClient(Client.Authorised(a.Require("recruitment"), Roles.PpiTeam));
            MatchPrinter.Print(await matching.MatchMembersAsync(new MatchMembersRequest
            {
                OpportunityId = a.Require("opportunity-id"), Limit = int.Parse(a.Get("limit", "10"), System.Globalization.CultureInfo.InvariantCulture),
            }, cancellationToken: ct), Console.Out);
            return 0;

        case "register-member":
            var registered = await new MemberService.MemberServiceClient(Client.Authorised(a.Require("recruitment"), Roles.PpiTeam))
                .RegisterMemberAsync(new RegisterMemberRequest
                {
                    IdempotencyKey = a.Get("idempotency-key", Guid.NewGuid().ToString()),
                    GivenName = a.Require("given-name"),
                    FamilyName = a.Require("family-name"),
                    LivedExperienceType = Enum.Parse<LivedExperienceType>(a.Get("type", "ServiceUser"), true),
                    Details = new MemberDetails { Contact = new ContactDetails { Email = a.Get("email", "") } },
                    ConsentToHoldData = a.Get("consent", "true") == "true",
                }, cancellationToken: ct);
            Console.WriteLine(formatter.Format(registered));
            return 0;

        case "get-member":
            Console.WriteLine(formatter.Format(await new MemberService.MemberServiceClient(Client.Authorised(a.Require("recruitment"), Roles.PpiTeam))
                .GetMemberAsync(new GetMemberRequest { MemberId = a.Require("member-id") }, cancellationToken: ct)));
            return 0;

        case "get-payee":
            Console.WriteLine(formatter.Format(await new PayeeService.PayeeServiceClient(Client.Authorised(a.Require("payments"), Roles.Finance))
                .GetPayeeAsync(new GetPayeeRequest { MemberId = a.Require("member-id") }, cancellationToken: ct)));
            return 0;

        case "rotate-bank-details-key":
            // Finance: re-encrypts every payee's bank details under the current key (Payments__BankDetailsCurrentKeyId).
            Console.WriteLine(formatter.Format(await new PayeeService.PayeeServiceClient(Client.Authorised(a.Require("payments"), Roles.Finance))
                .RotateBankDetailsKeyAsync(new RotateBankDetailsKeyRequest
                {
                    BatchSize = int.Parse(a.Get("batch-size", "0"), System.Globalization.CultureInfo.InvariantCulture),
                }, cancellationToken: ct)));
            return 0;

        case "statement":
            Console.WriteLine(formatter.Format(await new StatementService.StatementServiceClient(Client.Authorised(a.Require("payments"), Roles.Finance))
                .GetStatementAsync(new GetStatementRequest
                {
                    MemberId = a.Require("member-id"),
                    Period = a.Get("period", "tax-year") == "financial-year" ? StatementPeriod.FinancialYear : StatementPeriod.TaxYear,
                    StartYear = int.Parse(a.Require("start-year"), System.Globalization.CultureInfo.InvariantCulture),
                }, cancellationToken: ct)));
            return 0;

        case "export-payee-data":
            Console.WriteLine(formatter.Format(await new PayeeDataService.PayeeDataServiceClient(Client.Authorised(a.Require("payments"), Roles.Finance))
                .ExportPayeeDataAsync(new ExportPayeeDataRequest { MemberId = a.Require("member-id") }, cancellationToken: ct)));
            return 0;

        case "get-learner":
            Console.WriteLine(formatter.Format(await new LearnerService.LearnerServiceClient(Client.Authorised(a.Require("training"), Roles.Trainer))
                .GetLearnerAsync(new GetLearnerRequest { LearnerId = a.Require("learner-id") }, cancellationToken: ct)));
            return 0;

        case "membership-summary":
            Console.WriteLine(formatter.Format(await new ReportingService.ReportingServiceClient(Client.Authorised(a.Require("reporting"), Roles.ReportingConsumer))
                .GetMembershipSummaryAsync(new GetMembershipSummaryRequest(), cancellationToken: ct)));
            return 0;

        case "board-report":
            var boardPeriod = new Period();
            if (a.Get("year") is { } year)
            {
                boardPeriod.FinancialYear = int.TryParse(year, out var y) ? y : throw new UsageException("--year is the year the financial year starts in, e.g. 2026 for 2026/27.");
                boardPeriod.Quarter = int.TryParse(a.Require("quarter"), out var q) ? q : throw new UsageException("--quarter is 1-4.");
            }
            else if (a.Get("quarter") is not null)
            {
                throw new UsageException("--quarter needs --year (the year the financial year starts in).");
            }

            var boardOut = a.Require("out");
            var rendered = await new BoardReportService.BoardReportServiceClient(Client.Authorised(a.Require("reporting"), Roles.ReportingConsumer))
                .RenderBoardReportAsync(new RenderBoardReportRequest { Period = boardPeriod }, cancellationToken: ct);
            await File.WriteAllBytesAsync(boardOut, rendered.Content.ToByteArray(), ct);
            Console.WriteLine($"wrote {boardOut} ({rendered.Content.Length} bytes, {rendered.ContentType}); suggested name {rendered.FileName}");
            return 0;

        default:
            Console.WriteLine($"""
                involvement <command> [--option value ...]
                  token --role <role> [--subject <id>]            a development bearer token (roles: ppi-team, project-lead, member,
                                                                 reporting-consumer, finance, trainer)
                  wait-healthy --addresses <url,url> [--seconds n] wait for gRPC health SERVING
                  load-demo --recruitment <url> [--payments <url>] [--training <url>] [--reporting <url>]
                                                 demo members, opportunities, a match and attendance; with payments, rate cards,
                                                 a fee claimed with mileage, approved and paid in a run; with training, the
                                                 starter catalogue, a co-facilitated session and its certificates, a mentor
                                                 pairing and the supervision gap (safe to repeat)
                  match --recruitment <url> --opportunity-id <id> [--limit 10]
                  register-member --recruitment <url> --given-name <n> --family-name <n> [--type ServiceUser|Carer|FamilyMember|Public]
                  get-member --recruitment <url> --member-id <id>
                  get-payee --payments <url> --member-id <id>      (bank details masked)
                  rotate-bank-details-key --payments <url> [--batch-size 500]   re-encrypt bank details under the current key
                  statement --payments <url> --member-id <id> --start-year 2026 [--period tax-year|financial-year]
                  export-payee-data --payments <url> --member-id <id>   what payments holds on a member (subject access)
                  get-learner --training <url> --learner-id <id>   (a member's learner id is their member id)
                  membership-summary --reporting <url>
                  board-report --reporting <url> [--year 2026 --quarter 3] --out report.html
                                                 the quarterly Trust Board report as an A4 HTML page (default: this quarter)
                {ClaimCommands.Usage}
                {FeeCommands.Usage}
                {FinanceCommands.Usage}
                Tokens are signed with Auth__SigningKey (and Auth__Issuer, Auth__Audience) from the environment.
                """);
            return a.Command == "help" ? 0 : 2;
    }
}
catch (UsageException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}
catch (RpcException ex)
{
    Console.Error.WriteLine($"{ex.StatusCode}: {ex.Status.Detail}");
    return 1;
}
