using Involvement.BuildingBlocks.Security;
using Involvement.Contracts;
using Involvement.Contracts.Recruitment;
using Involvement.Reporting.V1;
using Involvement.TestKit;

namespace Involvement.FunctionalTests.Reporting;

/// <summary>
/// Recruitment's opportunity, attendance and impact events as reach, spread, committees and impact tests need them,
/// and reading published figures back through GetMetrics.
/// </summary>
public static class ReachEvents
{
    public static DateTimeOffset At(int year, int month, int day, int hour = 10) => new(year, month, day, hour, 0, 0, TimeSpan.Zero);

    public static OpportunitySession Session(DateTimeOffset startsAt) => new(Guid.CreateVersion7(), startsAt, startsAt.AddHours(2), false, "Trust HQ");

    public static OpportunityPublished Published(
        Guid id, string kind, int seats, int reserveSeats, bool highLevel, IReadOnlyList<OpportunitySession> sessions,
        string? committee = null, int intendedOutcomes = 0, long version = 1, string title = "An opportunity") =>
        new(Guid.CreateVersion7(), DateTimeOffset.UtcNow, version, id, title, kind, committee, "CC100", "expert_by_experience", null, "standard",
            seats, reserveSeats, highLevel, [], intendedOutcomes, sessions);

    public static OpportunityChanged Changed(OpportunityPublished p, long version, int? seats = null, int? reserveSeats = null, string? title = null) =>
        new(Guid.CreateVersion7(), DateTimeOffset.UtcNow, version, p.OpportunityId, title ?? p.Title, p.Kind, p.Committee, p.CostCentre, p.RoleType,
            p.LevelRequired, p.RateReference, seats ?? p.Seats, reserveSeats ?? p.ReserveSeats, p.HighLevel, p.PresenceFlags, p.IntendedOutcomes, p.Sessions);

    public static ParticipantSelected Seat(Guid opportunityId, Guid memberId, long version = 1, string place = "seat") =>
        new(Guid.CreateVersion7(), DateTimeOffset.UtcNow, version, opportunityId, memberId, place, false);

    public static ParticipationRecorded Attended(Guid opportunityId, OpportunitySession session, Guid memberId) =>
        new(Guid.CreateVersion7(), DateTimeOffset.UtcNow, 1, ParticipationId(session.SessionId, memberId), opportunityId, session.SessionId, memberId,
            "expert_by_experience", "standard", session.StartsAt, 2m);

    public static ParticipationCorrected NotAttended(Guid opportunityId, OpportunitySession session, Guid memberId, long version = 2) =>
        new(Guid.CreateVersion7(), DateTimeOffset.UtcNow, version, ParticipationId(session.SessionId, memberId), opportunityId, session.SessionId, memberId,
            "expert_by_experience", "standard", session.StartsAt, false, 0m, 2m);

    public static PapersSent Papers(Guid opportunityId, OpportunitySession session, bool onTime) =>
        new(Guid.CreateVersion7(), DateTimeOffset.UtcNow, 3, opportunityId, session.SessionId, DateOnly.FromDateTime(session.StartsAt.UtcDateTime).AddDays(-7),
            session.StartsAt.AddDays(onTime ? -8 : -2), onTime);

    /// <summary>The same id for the same session and member, as recruitment derives it.</summary>
    public static Guid ParticipationId(Guid sessionId, Guid memberId)
    {
        var a = sessionId.ToByteArray();
        var b = memberId.ToByteArray();
        return new Guid([.. a.Zip(b, (x, y) => (byte)(x ^ y))]);
    }

    /// <summary>Publishes every event, as recruitment's relay would (any order, possibly twice).</summary>
    public static async Task PublishAllAsync(this ReportingFixture fixture, IEnumerable<IIntegrationEvent> events)
    {
        foreach (var e in events)
        {
            await PublishAsync(fixture.MemberEvents, (dynamic)e);
        }
    }

    private static Task PublishAsync<T>(EventProbe<MemberRegistered> probe, T e)
        where T : class, IIntegrationEvent => probe.PublishAsync(e);

    /// <summary>The events in a shuffled order (fixed seed), each of them delivered twice.</summary>
    public static IReadOnlyList<IIntegrationEvent> ShuffledAndRepeated(IEnumerable<IIntegrationEvent> events, int seed)
    {
        var twice = events.Concat(events).ToArray();
        new Random(seed).Shuffle(twice);
        return twice;
    }

    public static MetricService.MetricServiceClient Metrics(this ReportingFixture fixture) => new(fixture.Calls(Roles.ReportingConsumer));

    /// <summary>Published figures of one period, by "metric" (whole trust), "metric/category" or "metric@careGroup".</summary>
    public static async Task<IReadOnlyDictionary<string, string>> FiguresAsync(this ReportingFixture fixture, int year, int quarter, params string[] metrics)
    {
        var response = await fixture.Metrics().GetMetricsAsync(new GetMetricsRequest
        {
            MetricCodes = { metrics },
            Period = new Period { FinancialYear = year, Quarter = quarter },
            AllCareGroups = true,
        });
        return response.Metrics.SelectMany(m => m.Figures).ToDictionary(
            f => f.MetricCode + (f.CareGroup.Length > 0 ? "@" + f.CareGroup : "") + (f.Category.Length > 0 ? "/" + f.Category : ""),
            f => f.Value);
    }

    /// <summary>Waits until the published figures of the period include <paramref name="expected"/>.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> WaitForFiguresAsync(
        this ReportingFixture fixture, int year, int quarter, IReadOnlyDictionary<string, string> expected)
    {
        var metrics = expected.Keys.Select(k => k.Split('@', '/')[0]).Distinct().ToArray();
        IReadOnlyDictionary<string, string> figures = new Dictionary<string, string>();
        try
        {
            await Eventually.TrueAsync(async () =>
            {
                figures = await fixture.FiguresAsync(year, quarter, metrics);
                return expected.All(e => figures.TryGetValue(e.Key, out var v) && v == e.Value);
            }, what: $"figures of {year} Q{quarter}");
        }
        catch (TimeoutException e)
        {
            var got = string.Join(", ", expected.Keys.Select(k => $"{k}={figures.GetValueOrDefault(k, "(none)")} (expected {expected[k]})"));
            throw new TimeoutException($"{e.Message} Got: {got}", e);
        }

        return figures;
    }

    /// <summary>Waits until the reporting queues of these consumers are empty and nothing failed.</summary>
    public static async Task DrainedAsync(this ReportingFixture fixture, params string[] queues)
    {
        foreach (var queue in queues)
        {
            await Eventually.TrueAsync(async () => await fixture.VirtualHost.QueueDepthAsync(queue) == 0, what: $"{queue} to drain");
            Assert.Equal(0, await fixture.VirtualHost.QueueDepthAsync(queue + "_error"));
        }
    }
}
