namespace Involvement.Recruitment.Opportunities;

/// <summary>
/// The 4PI Presence rule: a meeting has at least two, ideally three, service users or carers, so no one is left alone
/// to represent everyone; a high-level meeting also has a reserve. Breaches are flagged on the opportunity, not refused:
/// the PPI team decides, but everyone sees the flag.
/// </summary>
public static class PresenceRule
{
    public const string FewerThanTwoSeats = "fewer_than_two_seats";
    public const string HighLevelWithoutReserve = "high_level_without_reserve";

    public static IReadOnlyList<PresenceFlag> Check(int seats, int reserveSeats, bool highLevel)
    {
        var flags = new List<PresenceFlag>();
        if (seats < 2)
        {
            flags.Add(new(FewerThanTwoSeats,
                $"Only {seats} service-user or carer seat{(seats == 1 ? "" : "s")}: 4PI asks for at least two, ideally three, so no one represents everyone alone."));
        }

        if (highLevel && reserveSeats < 1)
        {
            flags.Add(new(HighLevelWithoutReserve, "A high-level meeting needs a reserve, so the voice of lived experience is there even if someone cannot come."));
        }

        return flags;
    }

    /// <summary>Advice short of a breach: two seats meet the rule, three are better.</summary>
    public static string? Advice(int seats) =>
        seats == 2 ? "Two seats meet the rule; 4PI suggests three where possible." : null;
}

public sealed record PresenceFlag(string Code, string Description);
