using Involvement.Recruitment.V1;

namespace Involvement.Cli.Output;

/// <summary>A match list as a person reads it: each place with its score and reasons, then who was excluded and why.</summary>
public static class MatchTable
{
    public static Table Of(MatchMembersResponse match)
    {
        var table = new Table("rank", "member id", "display name", "score", "why");
        foreach (var c in match.Candidates)
        {
            table.Row(c.Rank, c.MemberId, c.DisplayName, c.Score,
                c.ThroughOutreach ? "outreach: " + c.OutreachExplanation : string.Join("; ", c.Reasons.Select(r => $"+{r.Points} {r.Explanation}")));
        }

        foreach (var e in match.Excluded)
        {
            table.Row("-", e.MemberId, e.DisplayName, "excluded", string.Join("; ", e.Reasons.Select(r => r.Explanation)));
        }

        return table;
    }

    /// <summary>The demo's narrative: places with their reasons on lines of their own.</summary>
    public static void Print(MatchMembersResponse match, TextWriter output)
    {
        foreach (var c in match.Candidates)
        {
            output.WriteLine($"  {c.Rank}. {c.DisplayName} (score {c.Score}){(c.ThroughOutreach ? " [outreach]" : "")}");
            foreach (var r in c.Reasons)
            {
                output.WriteLine($"       +{r.Points} {r.Explanation}");
            }
        }

        foreach (var e in match.Excluded)
        {
            output.WriteLine($"  excluded: {e.DisplayName}: {string.Join(" ", e.Reasons.Select(r => r.Explanation))}");
        }

        output.WriteLine($"  outreach: {match.Outreach.Explanation}");
    }
}
