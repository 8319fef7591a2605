using Involvement.BuildingBlocks.Data;

namespace Involvement.Training.Attendance;

/// <summary>A day of a session as the register saw one learner on it.</summary>
public sealed record AttendedDay(Guid LearnerId, string Kind, int DayNumber, DateTimeOffset StartsAt, DateTimeOffset EndsAt, bool Attended);

/// <summary>A learner who came on at least one day: how long, and when their first day began.</summary>
public sealed record Attendee(Guid LearnerId, string Kind, decimal Hours, DateTimeOffset FirstStartsAt)
{
    public bool IsMember => Kind == "member";
}

/// <summary>What a held session's register adds up to, and the ids payments deduplicates on.</summary>
public static class AttendanceRules
{
    /// <summary>
    /// Everyone who attended at least one day, each with the length of the days they attended summed and rounded to the
    /// nearest quarter hour (as fees are paid), in learner id order.
    /// </summary>
    public static IReadOnlyList<Attendee> Attendees(IEnumerable<AttendedDay> register) =>
        [.. register.Where(d => d.Attended)
            .GroupBy(d => (d.LearnerId, d.Kind))
            .Select(g => new Attendee(g.Key.LearnerId, g.Key.Kind, QuarterHours(g.Sum(d => (d.EndsAt - d.StartsAt).Ticks)), g.Min(d => d.StartsAt)))
            .OrderBy(a => a.LearnerId)];

    /// <summary>A duration in hours, to the nearest quarter hour (half way rounds up).</summary>
    public static decimal QuarterHours(long ticks) =>
        Math.Round((decimal)ticks / TimeSpan.TicksPerHour * 4, MidpointRounding.AwayFromZero) / 4;

    /// <summary>One learner's attendance at one session: the same id however often the session's events are replayed.</summary>
    public static Guid AttendanceId(Guid sessionId, Guid learnerId) => StableIds.Of(sessionId, learnerId);
}
