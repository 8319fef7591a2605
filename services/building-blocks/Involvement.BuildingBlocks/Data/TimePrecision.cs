namespace Involvement.BuildingBlocks.Data;

public static class TimePrecision
{
    /// <summary>The current time at PostgreSQL's precision (microseconds), so what a call returns equals what is stored.</summary>
    public static DateTimeOffset GetUtcNowForDatabase(this TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        return now.AddTicks(-(now.Ticks % 10));
    }
}
