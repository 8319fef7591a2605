namespace Involvement.Training.Supervision;

/// <summary>
/// Who needs supervision and by when: members at or above the supervision level need a supervision session every
/// interval, counted from the later of their last one and the day they reached the level.
/// </summary>
public static class SupervisionRules
{
    public static bool Needs(int level, int supervisionLevel) => level >= supervisionLevel;

    /// <summary>
    /// The day the member has been at or above <paramref name="supervisionLevel"/> since, without a break: the
    /// earliest change of the unbroken run of such levels ending at the newest. Null when their newest level is below.
    /// </summary>
    public static DateOnly? AtOrAboveSince(IEnumerable<LevelChange> history, int supervisionLevel)
    {
        DateOnly? since = null;
        foreach (var change in history.OrderByDescending(c => c.Version))
        {
            if (!Needs(change.Level, supervisionLevel))
            {
                break;
            }

            since = change.On;
        }

        return since;
    }

    /// <summary>
    /// When the next supervision is due: an interval after the later of the last supervision and reaching the level
    /// (a session before they reached it does not make them overdue on arrival). Month ends stay in their month:
    /// 30 Nov + 3 months is 28 Feb (29 in a leap year).
    /// </summary>
    public static DateOnly DueOn(DateOnly atLevelSince, DateOnly? lastSupervisedOn, int intervalMonths) =>
        (lastSupervisedOn is { } last && last > atLevelSince ? last : atLevelSince).AddMonths(intervalMonths);

    /// <summary>Overdue once the due day has passed: supervised "more than an interval ago".</summary>
    public static bool IsOverdue(DateOnly dueOn, DateOnly today) => today > dueOn;
}

/// <summary>A member's level from one of recruitment's events, by the member's aggregate version.</summary>
public sealed record LevelChange(long Version, int Level, DateOnly On);
