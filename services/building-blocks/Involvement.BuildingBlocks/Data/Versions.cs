using Involvement.BuildingBlocks.Errors;

namespace Involvement.BuildingBlocks.Data;

/// <summary>Optimistic concurrency: an update names the version it read; any other version means someone changed it since.</summary>
public static class Versions
{
    public static void EnsureCurrent(string what, Guid id, long actual, long expected) => EnsureCurrent($"{what} {id}", actual, expected);

    /// <summary>For a record named by something other than an id ("Rate card UHL-1", "The budget of CARDIO for 2026/27").</summary>
    public static void EnsureCurrent(string record, long actual, long expected)
    {
        if (actual != expected)
        {
            throw new ConcurrencyConflictException(
                $"{record} is at version {actual}, not {expected}: it changed since you read it. Read it again and retry.");
        }
    }
}
