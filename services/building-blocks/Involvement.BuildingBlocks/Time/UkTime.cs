namespace Involvement.BuildingBlocks.Time;

/// <summary>
/// Calendar dates as people in the trust see them: Europe/London, whatever the clock change. "Today" everywhere is
/// <see cref="Today"/> of the injected clock, so tests can move time and no code reads the machine's zone.
/// </summary>
public static class UkTime
{
    private static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    public static DateOnly DateOf(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Zone).DateTime);

    /// <summary>The UK wall-clock date and time of an instant.</summary>
    public static DateTime LocalOf(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone).DateTime;

    public static DateOnly Today(this TimeProvider clock) => DateOf(clock.GetUtcNow());

    /// <summary>The instant a UK wall-clock time happens (the earlier one when clocks go back).</summary>
    public static DateTimeOffset InstantOf(DateOnly date, TimeOnly time)
    {
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, Zone.GetUtcOffset(local));
    }
}
