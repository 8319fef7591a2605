using System.Globalization;
using Google.Protobuf;
using Involvement.BuildingBlocks.Security;
using Involvement.Payments.V1;

namespace Involvement.Cli;

/// <summary>What finance does with claims from a terminal: list (overdue, by state or cost centre), read, approve.</summary>
public static class ClaimCommands
{
    public const string Usage =
        """
          list-claims --payments <url> [--state approved] [--overdue] [--cost-centre <cc>] [--member-id <id>] [--subject <you>]
          get-claim --payments <url> --claim-id <id> [--subject <you>]
          approve-claim --payments <url> --claim-id <id> --version <n> [--subject <you>]   (not a claim you created or submitted)
        """;

    /// <summary>Runs a claims command; null when the command is not one of these.</summary>
    public static async Task<int?> RunAsync(Arguments a, JsonFormatter formatter, CancellationToken ct)
    {
        if (a.Command is not ("list-claims" or "get-claim" or "approve-claim"))
        {
            return null;
        }

        // Approval is recorded against the caller, so a finance user names themselves with --subject.
        var claims = new ClaimService.ClaimServiceClient(Client.Authorised(a.Require("payments"), Roles.Finance, a.Get("subject", "involvement-cli")));
        switch (a.Command)
        {
            case "list-claims":
                var request = new ListClaimsRequest
                {
                    State = a.Get("state") is { } state ? Enum.Parse<ClaimState>(state.Replace("_", "", StringComparison.Ordinal), true) : ClaimState.Unspecified,
                    OverdueOnly = a.Has("overdue"),
                    CostCentre = a.Get("cost-centre", ""),
                    MemberId = a.Get("member-id", ""),
                    PageSize = 200,
                };
                do
                {
                    var page = await claims.ListClaimsAsync(request, cancellationToken: ct);
                    foreach (var c in page.Claims)
                    {
                        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"{c.Reference}  {c.ClaimId}  {c.State,-22} {c.TotalPence / 100m,10:F2}  due {Due(c.DueOn)}{(c.Overdue ? "  OVERDUE" : "")}  {string.Join(",", c.CostCentres)}  v{c.Version}"));
                    }

                    request.PageToken = page.NextPageToken;
                }
                while (request.PageToken.Length > 0);
                return 0;

            case "get-claim":
                Console.WriteLine(formatter.Format(await claims.GetClaimAsync(new GetClaimRequest { ClaimId = a.Require("claim-id") }, cancellationToken: ct)));
                return 0;

            default:
                var approved = await claims.ApproveClaimAsync(new ApproveClaimRequest
                {
                    ClaimId = a.Require("claim-id"),
                    ExpectedVersion = long.Parse(a.Require("version"), CultureInfo.InvariantCulture),
                }, cancellationToken: ct);
                Console.WriteLine(formatter.Format(approved));
                return 0;
        }
    }

    private static string Due(Google.Type.Date? date) => date is null ? "-" : $"{date.Year:D4}-{date.Month:D2}-{date.Day:D2}";
}
