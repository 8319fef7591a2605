extern alias RecruitmentHost;

using System.Diagnostics;
using RecruitmentHost::Involvement.Recruitment.Matching;
using Involvement.UnitTests.Matching;

namespace Involvement.Benchmarks;

/// <summary>
/// CPU time of one match, in this process, with nothing else in the way (no gRPC, no database): the reference
/// (member-by-member) matcher against the column scan, on the tests' generated pool. CPU time, not wall-clock, so a
/// busy machine changes the figures little.
/// </summary>
public static class MatcherCpu
{
    public static void Run(int poolSize)
    {
        var members = GeneratedPool.Members(poolSize);
        var build = Cpu(() => PoolColumns.Of(members), 3);
        var pool = PoolColumns.Of(members);
        var criteria = new MatchCriteria(GeneratedPool.Opportunities[0], 3, ["intro-participation"], "care group 3", "locality 5", ["topic 3", "topic 9"],
            GeneratedPool.Today.AddDays(20), new Dictionary<(int Year, int Month), int> { [(2026, 12)] = 1 });
        var under = GeneratedPool.UnderRepresented(1);
        var settings = new MatchSettings(6, 0.2);
        var reference = Cpu(() => ReferenceMatcher.Match(criteria, members, under, settings, GeneratedPool.Today, 50), 20);
        var columns = Cpu(() => Matcher.Match(criteria, pool, under, settings, GeneratedPool.Today, 50), 200);
        Console.WriteLine($"matcher CPU, {poolSize:N0} generated members, 50 places: reference {reference:F2} ms/match, column scan {columns:F2} ms/match " +
            $"({reference / columns:F1}x); building the columns {build:F0} ms");
    }

    /// <summary>Process CPU milliseconds per call, after a warm-up that lets the JIT finish its tiers.</summary>
    private static double Cpu(Func<object> call, int times)
    {
        for (var i = 0; i < Math.Max(times / 2, 3); i++)
        {
            GC.KeepAlive(call());
        }

        GC.Collect();
        var before = Process.GetCurrentProcess().TotalProcessorTime;
        for (var i = 0; i < times; i++)
        {
            GC.KeepAlive(call());
        }

        return (Process.GetCurrentProcess().TotalProcessorTime - before).TotalMilliseconds / times;
    }
}
