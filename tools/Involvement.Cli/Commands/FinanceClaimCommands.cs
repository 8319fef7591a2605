using Involvement.BuildingBlocks.Security;
using Involvement.Cli.Errors;
using Involvement.Cli.Output;
using Involvement.Payments.V1;

namespace Involvement.Cli.Commands;

/// <summary>
/// What finance does with claims and fees: the approval queue, approving (recorded against <c>--subject</c> with a
/// development token), rate cards, and fees held back for a reason.
/// </summary>
public static class FinanceClaimCommands
{
    public static readonly IReadOnlyList<Command> All =
    [
        new("list-claims", Audience.Finance,
            "[--pending] [--state draft|submitted|queried|approved|rejected|in-run|paid] [--overdue] [--cost-centre <cc>] [--member-id <id>]",
            "claims, newest first; --pending: submitted and waiting for approval; every page", ListAsync),
        new("get-claim", Audience.Finance, "--claim-id <id>", "one claim with its fee and expense lines", GetAsync),
        new("approve-claim", Audience.Finance, "--claim-id <id> --version <n> [--subject <you>]",
            "approve a submitted claim (not one you created or submitted); it joins the next payment run", ApproveAsync),
        new("list-rate-cards", Audience.Finance, "", "the payment policy's rate cards, as in force now", RateCardsAsync),
        new("list-held-fees", Audience.Finance, "[--reason unknown-rate|unknown-member|over-monthly-cap] [--member-id <id>]",
            "fees held back from claims, and why; every page", HeldFeesAsync),
        new("resolve-held-fee", Audience.Finance, "--fee-line-id <id> --version <n> [--subject <you>]", "evaluate a held fee again", ResolveAsync),
        new("override-monthly-cap", Audience.Finance, "--fee-line-id <id> --version <n> --reason <why> [--subject <you>]",
            "pay a fee held over the monthly cap, with the reason", OverrideAsync),
    ];

    private static ClaimService.ClaimServiceClient Claims(CommandContext c) => new(c.Payments(Roles.Finance));

    private static FeeService.FeeServiceClient Fees(CommandContext c) => new(c.Payments(Roles.Finance));

    private static async Task<int> ListAsync(CommandContext c)
    {
        var a = c.Args;
        if (a.Has("pending") && a.Get("state") is not null)
        {
            throw new UsageException("give --pending or --state, not both.");
        }

        var request = new ListClaimsRequest
        {
            State = a.Has("pending") ? ClaimState.Submitted : a.Enum<ClaimState>("state") ?? ClaimState.Unspecified,
            OverdueOnly = a.Has("overdue"), CostCentre = a.Get("cost-centre", ""), MemberId = a.Get("member-id", ""), PageSize = 200,
        };
        var claims = await c.AllPagesAsync("claims", async token =>
        {
            request.PageToken = token;
            var page = await Claims(c).ListClaimsAsync(request, cancellationToken: c.Ct);
            return (page.Claims, page.NextPageToken);
        });
        c.Output.Write(new ListClaimsResponse { Claims = { claims } }, r => Table.From(r.Claims,
            ["reference", "claim id", "member id", "state", "total £", "due", "overdue", "cost centres", "version"],
            x => [x.Reference, x.ClaimId, x.MemberId, x.State, Table.Pounds(x.TotalPence), x.DueOn, x.Overdue, string.Join(",", x.CostCentres), x.Version]));
        return ExitCodes.Ok;
    }

    private static async Task<int> GetAsync(CommandContext c)
    {
        c.Output.Write(await Claims(c).GetClaimAsync(new GetClaimRequest { ClaimId = c.Args.Require("claim-id") }, cancellationToken: c.Ct), r => ClaimTable(r.Claim));
        return ExitCodes.Ok;
    }

    private static async Task<int> ApproveAsync(CommandContext c)
    {
        var reply = await Claims(c).ApproveClaimAsync(new ApproveClaimRequest
        {
            ClaimId = c.Args.Require("claim-id"), ExpectedVersion = c.Args.RequireLong("version"),
        }, cancellationToken: c.Ct);
        c.Output.Write(reply, r =>
        {
            var table = ClaimTable(r.Claim);
            foreach (var w in r.Claim.BudgetWarnings)
            {
                table.Row("budget warning", w.Description);
            }

            return table;
        });
        return ExitCodes.Ok;
    }

    private static Table ClaimTable(Claim x)
    {
        var table = Table.Fields(
            ("reference", x.Reference), ("claim id", x.ClaimId), ("member id", x.MemberId), ("state", x.State),
            ("fees £", Table.Pounds(x.FeesPence)), ("expenses £", Table.Pounds(x.ExpensesPence)), ("total £", Table.Pounds(x.TotalPence)),
            ("submitted", x.SubmittedAt), ("due", x.DueOn), ("overdue", x.Overdue), ("approved by", x.ApprovedBy), ("version", x.Version));
        foreach (var f in x.FeeLines)
        {
            table.Row("fee line", $"{Table.Text(f.SessionDate)} {f.RateReference} £{Table.Pounds(f.AmountPence)}");
        }

        foreach (var e in x.ExpenseLines)
        {
            table.Row("expense line", $"{Table.Text(e.IncurredOn)} {Table.Text(e.Category)} £{Table.Pounds(e.AmountPence)}");
        }

        return table;
    }

    private static async Task<int> RateCardsAsync(CommandContext c)
    {
        var reply = await new RateCardService.RateCardServiceClient(c.Payments(Roles.Finance)).ListRateCardsAsync(new ListRateCardsRequest(), cancellationToken: c.Ct);
        c.Output.Write(reply, r => Table.From(r.RateCards, ["reference", "kind", "£", "per", "monthly cap", "from", "versions"], card =>
        {
            var terms = card.Versions[^1].Terms;
            return [card.Reference, card.Kind, Table.Pounds(terms.AmountPence), terms.Unit, terms.MonthlyUnitCap > 0 ? terms.MonthlyUnitCap : "", terms.EffectiveFrom, card.Versions.Count];
        }));
        return ExitCodes.Ok;
    }

    private static async Task<int> HeldFeesAsync(CommandContext c)
    {
        var request = new ListFeeLinesRequest
        {
            State = FeeLineState.Held, HoldReason = c.Args.Enum<HoldReason>("reason") ?? HoldReason.Unspecified, MemberId = c.Args.Get("member-id", ""), PageSize = 200,
        };
        var lines = await c.AllPagesAsync("held fees", async token =>
        {
            request.PageToken = token;
            var page = await Fees(c).ListFeeLinesAsync(request, cancellationToken: c.Ct);
            return (page.FeeLines, page.NextPageToken);
        });
        c.Output.Write(new ListFeeLinesResponse { FeeLines = { lines } }, r => Table.From(r.FeeLines,
            ["fee line id", "reason", "member id", "session", "rate", "£", "version"],
            l => [l.FeeLineId, l.HoldReason, l.MemberId, l.SessionDate, l.RateReference, Table.Pounds(l.AmountPence), l.Version]));
        return ExitCodes.Ok;
    }

    private static async Task<int> ResolveAsync(CommandContext c)
    {
        c.Output.Write(await Fees(c).ResolveHeldFeeAsync(new ResolveHeldFeeRequest
        {
            FeeLineId = c.Args.Require("fee-line-id"), ExpectedVersion = c.Args.RequireLong("version"),
        }, cancellationToken: c.Ct));
        return ExitCodes.Ok;
    }

    private static async Task<int> OverrideAsync(CommandContext c)
    {
        c.Output.Write(await Fees(c).OverrideMonthlyCapAsync(new OverrideMonthlyCapRequest
        {
            FeeLineId = c.Args.Require("fee-line-id"), ExpectedVersion = c.Args.RequireLong("version"), Reason = c.Args.Require("reason"),
        }, cancellationToken: c.Ct));
        return ExitCodes.Ok;
    }
}
