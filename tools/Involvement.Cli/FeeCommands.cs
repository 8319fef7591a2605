using System.Globalization;
using Google.Protobuf;
using Involvement.BuildingBlocks.Security;
using Involvement.Payments.V1;

namespace Involvement.Cli;

/// <summary>What finance does with rate cards and held fees from a terminal: read the cards, list held fees, resolve or pay over the cap.</summary>
public static class FeeCommands
{
    public const string Usage =
        """
          list-rate-cards --payments <url>
          list-held-fees --payments <url> [--reason unknown_rate|unknown_member|over_monthly_cap] [--member-id <id>]
          resolve-held-fee --payments <url> --fee-line-id <id> --version <n> [--subject <you>]   evaluate a held fee again
          override-monthly-cap --payments <url> --fee-line-id <id> --version <n> --reason <why> [--subject <you>]
        """;

    /// <summary>Runs a fee command; null when the command is not one of these.</summary>
    public static async Task<int?> RunAsync(Arguments a, JsonFormatter formatter, CancellationToken ct)
    {
        if (a.Command is not ("list-rate-cards" or "list-held-fees" or "resolve-held-fee" or "override-monthly-cap"))
        {
            return null;
        }

        // Resolutions and overrides are recorded against the caller, so a finance user names themselves with --subject.
        var calls = Client.Authorised(a.Require("payments"), Roles.Finance, a.Get("subject", "involvement-cli"));
        var fees = new FeeService.FeeServiceClient(calls);
        switch (a.Command)
        {
            case "list-rate-cards":
                foreach (var card in (await new RateCardService.RateCardServiceClient(calls).ListRateCardsAsync(new ListRateCardsRequest(), cancellationToken: ct)).RateCards)
                {
                    var terms = card.Versions[^1].Terms;
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{card.Reference,-24} {card.Kind,-12} {terms.AmountPence / 100m,8:F2} per {terms.Unit}{(terms.MonthlyUnitCap > 0 ? $", at most {terms.MonthlyUnitCap} a month" : "")}  from {terms.EffectiveFrom.Year:D4}-{terms.EffectiveFrom.Month:D2}-{terms.EffectiveFrom.Day:D2}  ({card.Versions.Count} versions)"));
                }

                return 0;

            case "list-held-fees":
                var request = new ListFeeLinesRequest
                {
                    State = FeeLineState.Held,
                    HoldReason = a.Get("reason") is { } reason ? Enum.Parse<HoldReason>(reason.Replace("_", "", StringComparison.Ordinal), true) : HoldReason.Unspecified,
                    MemberId = a.Get("member-id", ""),
                    PageSize = 200,
                };
                do
                {
                    var page = await fees.ListFeeLinesAsync(request, cancellationToken: ct);
                    foreach (var l in page.FeeLines)
                    {
                        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"{l.FeeLineId}  {l.HoldReason,-16} member {l.MemberId}  {l.SessionDate.Year:D4}-{l.SessionDate.Month:D2}-{l.SessionDate.Day:D2}  {l.RateReference,-20} {l.AmountPence / 100m,8:F2}  v{l.Version}"));
                    }

                    request.PageToken = page.NextPageToken;
                }
                while (request.PageToken.Length > 0);
                return 0;

            case "resolve-held-fee":
                Console.WriteLine(formatter.Format(await fees.ResolveHeldFeeAsync(new ResolveHeldFeeRequest
                {
                    FeeLineId = a.Require("fee-line-id"), ExpectedVersion = long.Parse(a.Require("version"), CultureInfo.InvariantCulture),
                }, cancellationToken: ct)));
                return 0;

            default:
                Console.WriteLine(formatter.Format(await fees.OverrideMonthlyCapAsync(new OverrideMonthlyCapRequest
                {
                    FeeLineId = a.Require("fee-line-id"),
                    ExpectedVersion = long.Parse(a.Require("version"), CultureInfo.InvariantCulture),
                    Reason = a.Require("reason"),
                }, cancellationToken: ct)));
                return 0;
        }
    }
}
