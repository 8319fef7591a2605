namespace Involvement.BuildingBlocks.Messaging;

/// <summary>The pause after consecutive failed rounds: doubling from half a second, capped.</summary>
public static class OutboxBackoff
{
    public static TimeSpan After(int consecutiveFailures, TimeSpan max)
    {
        if (consecutiveFailures <= 0)
        {
            return TimeSpan.Zero;
        }

        var millis = 500 * Math.Pow(2, Math.Min(consecutiveFailures - 1, 16));
        return TimeSpan.FromMilliseconds(Math.Min(millis, max.TotalMilliseconds));
    }
}
