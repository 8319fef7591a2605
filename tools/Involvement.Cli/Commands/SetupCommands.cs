using Grpc.Core;
using Grpc.Health.V1;
using Involvement.BuildingBlocks.Security;
using Involvement.Cli.Connection;
using Involvement.Cli.Errors;
using Involvement.Cli.Output;
using Involvement.Recruitment.V1;

namespace Involvement.Cli.Commands;

/// <summary>Getting a system ready to use: development tokens, waiting for the services, the demo data.</summary>
public static class SetupCommands
{
    public static readonly IReadOnlyList<Command> All =
    [
        new("token", Audience.Setup, "--role <role> [--subject <id>]",
            "a development bearer token (ppi-team, project-lead, member, reporting-consumer, finance, trainer), printed as is",
            TokenAsync, SignsIn: false),
        new("wait-healthy", Audience.Setup, "[--addresses <url,url>] [--seconds 120]",
            "wait until every service answers gRPC health SERVING (default: the four services' addresses); exit 6 if not in time",
            WaitHealthyAsync, SignsIn: false),
        new("load-demo", Audience.Setup, "[--recruitment <url>] [--payments <url>] [--training <url>] [--reporting <url>]",
            "demo members, opportunities, a match and attendance, and the payments, training and reporting parts for the services named (safe to repeat; needs Auth__SigningKey)",
            LoadDemoAsync, SignsIn: false),
    ];

    private static Task<int> TokenAsync(CommandContext c)
    {
        Console.WriteLine(Client.Token(c.Args.Require("role"), c.Subject));
        return Task.FromResult(ExitCodes.Ok);
    }

    private sealed record Health(string Address, string Status);

    private static async Task<int> WaitHealthyAsync(CommandContext c)
    {
        var addresses = c.Args.List("addresses") is { Count: > 0 } given ? given : ServiceAddresses.All.Select(s => ServiceAddresses.Of(c.Args, s.Name)).ToList();
        var deadline = DateTimeOffset.UtcNow.AddSeconds(c.Args.WholeNumber("seconds", 120));
        var answers = new List<Health>();
        foreach (var address in addresses)
        {
            c.Progress.Report($"waiting for {address} ...");
            var status = await StatusAsync(address, deadline, c.Ct);
            answers.Add(new Health(address, status));
            if (status != "SERVING")
            {
                c.Output.WritePlain(answers, Table);
                Console.Error.WriteLine($"error: {address} is not SERVING ({status}).");
                return ExitCodes.Unavailable;
            }
        }

        c.Output.WritePlain(answers, Table);
        return ExitCodes.Ok;

        static Table Table(List<Health> answers) => Output.Table.From(answers, ["address", "status"], h => [h.Address, h.Status]);
    }

    private static async Task<string> StatusAsync(string address, DateTimeOffset deadline, CancellationToken ct)
    {
        var last = "NOT LISTENING";
        while (true)
        {
            try
            {
                var status = await Client.HealthAsync(address, ct);
                if (status == HealthCheckResponse.Types.ServingStatus.Serving)
                {
                    return "SERVING";
                }

                last = status.ToString().ToUpperInvariant();
            }
            catch (RpcException)
            {
                // not listening yet
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                return last;
            }

            await Task.Delay(500, ct);
        }
    }

    private sealed record Loaded(int Members, string FirstMemberId);

    private static async Task<int> LoadDemoAsync(CommandContext c)
    {
        if (c.Args.Get("token") is not null || Environment.GetEnvironmentVariable("INVOLVEMENT_TOKEN") is { Length: > 0 })
        {
            throw new UsageException("load-demo acts as several people (members, finance, trainers) with development tokens; it takes no --token or INVOLVEMENT_TOKEN.");
        }

        var narrative = c.Progress.Writer;
        var recruitment = Client.Authorised(ServiceAddresses.Of(c.Args, "recruitment"), Roles.PpiTeam);
        var payments = ServiceAddresses.Named(c.Args, "payments") is { } paymentsAddress ? new DemoPayments(paymentsAddress, narrative) : null;
        if (payments is not null)
        {
            await payments.LoadPolicyAsync(c.Ct);
        }

        var members = await DemoData.LoadAsync(new MemberService.MemberServiceClient(recruitment), c.Ct);
        narrative.WriteLine($"{members.Count} demo members registered and active");
        await new DemoOpportunities(recruitment, narrative).LoadAsync(members, c.Ct);
        await new DemoImpact(recruitment, narrative).LoadAsync(members, c.Ct);
        if (payments is not null)
        {
            await payments.LoadPaymentAsync(c.Ct);
        }

        if (ServiceAddresses.Named(c.Args, "training") is { } trainingAddress)
        {
            await new DemoTraining(trainingAddress, recruitment, narrative).LoadAsync(members, c.Ct);
        }

        if (ServiceAddresses.Named(c.Args, "reporting") is { } reportingAddress)
        {
            await new DemoTargets(Client.Authorised(reportingAddress, Roles.PpiTeam), narrative).LoadAsync(c.Ct);
        }

        // scripts/run reads "first member id: <id>" from the table output.
        c.Output.WritePlain(new Loaded(members.Count, members[0].MemberId), l => $"first member id: {l.FirstMemberId}");
        return ExitCodes.Ok;
    }
}
