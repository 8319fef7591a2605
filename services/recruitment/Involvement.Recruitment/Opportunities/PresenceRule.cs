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
    public const string FewerThanTwoSelected = "fewer_than_two_selected";
    public const string NoReserveSelected = "no_reserve_selected";
    public const string SessionAttendedByFewerThanTwo = "session_attended_by_fewer_than_two";

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

    /// <summary>
    /// The rule against people, not only seats: once the first session's papers are due, an open opportunity should
    /// have at least two seat holders (and a reserve if high level); a session that went ahead with fewer than two
    /// attending left someone representing everyone alone.
    /// </summary>
    public static IReadOnlyList<PresenceFlag> CheckPeople(PresenceFacts facts)
    {
        var flags = new List<PresenceFlag>();
        if (facts.SelectionDue && facts.SeatsFilled < 2)
        {
            flags.Add(new(FewerThanTwoSelected,
                $"{facts.SeatsFilled} seat holder{(facts.SeatsFilled == 1 ? "" : "s")} with papers already due: select at least two people."));
        }

        if (facts.SelectionDue && facts.HighLevel && facts.ReservesHeld < 1)
        {
            flags.Add(new(NoReserveSelected, "No reserve is held for a high-level meeting whose papers are already due."));
        }

        if (facts.SessionsAttendedByFewerThanTwo > 0)
        {
            flags.Add(new(SessionAttendedByFewerThanTwo,
                $"{facts.SessionsAttendedByFewerThanTwo} session{(facts.SessionsAttendedByFewerThanTwo == 1 ? "" : "s")} went ahead with fewer than two service users or carers attending."));
        }

        return flags;
    }

    /// <summary>Advice short of a breach: two seats meet the rule, three are better.</summary>
    public static string? Advice(int seats) =>
        seats == 2 ? "Two seats meet the rule; 4PI suggests three where possible." : null;
}

public sealed record PresenceFlag(string Code, string Description);

/// <param name="SelectionDue">The opportunity is open and its first session's papers are due (people should be in place).</param>
public sealed record PresenceFacts(bool SelectionDue, bool HighLevel, int SeatsFilled, int ReservesHeld, int SessionsAttendedByFewerThanTwo);
