using Involvement.Recruitment.V1;

namespace Involvement.Cli;

/// <summary>A match list as a person reads it: each place with its score and reasons, then who was excluded and why.</summary>
public static class MatchPrinter
{
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
