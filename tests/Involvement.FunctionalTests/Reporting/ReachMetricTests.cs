extern alias ReportingHost;

using Involvement.Contracts;
using Involvement.Contracts.Recruitment;
using static Involvement.FunctionalTests.Reporting.ReachEvents;

namespace Involvement.FunctionalTests.Reporting;

// Each test uses its own financial years far in the past, so the figures it reads are its own.
public sealed class ReachMetricTests(ReportingFixture fixture) : IClassFixture<ReportingFixture>
{
    private static readonly string[] ReachQueues =
    [
        "reporting-opportunity-published", "reporting-opportunity-changed", "reporting-opportunity-cancelled", "reporting-papers-sent",
        "reporting-participant-selected", "reporting-participant-not-selected", "reporting-participant-withdrawn",
        "reporting-participation-recorded", "reporting-participation-corrected",
    ];

    /// <summary>
    /// Q1 of <paramref name="year"/>: a high-level committee (3 seats after a change, 1 reserve; two sessions), a
    /// panel (4 seats) and a high-level review without a reserve (2 seats); a cancelled opportunity and one in Q2.
    /// </summary>
    private static IReadOnlyList<IIntegrationEvent> Scenario(int year)
    {
        var m = Enumerable.Range(0, 9).Select(_ => Guid.CreateVersion7()).ToArray();
        var (s1, s2, s3, s4) = (Session(At(year, 5, 10)), Session(At(year, 6, 14)), Session(At(year, 5, 20)), Session(At(year, 6, 1)));
        var a = Published(Guid.CreateVersion7(), "committee", seats: 2, reserveSeats: 1, highLevel: true, [s1, s2], committee: "Trust Board");
        var b = Published(Guid.CreateVersion7(), "panel", seats: 4, reserveSeats: 0, highLevel: false, [s3]);
        var c = Published(Guid.CreateVersion7(), "work_stream", seats: 2, reserveSeats: 0, highLevel: true, [s4]);
        var cancelledSession = Session(At(year, 5, 12));
        var d = Published(Guid.CreateVersion7(), "panel", seats: 6, reserveSeats: 1, highLevel: true, [cancelledSession]);
        var e = Published(Guid.CreateVersion7(), "event", seats: 5, reserveSeats: 0, highLevel: false, [Session(At(year, 7, 5))]);
        return
        [
            a, Changed(a, version: 2, seats: 3), b, c, d, e,
            new OpportunityCancelled(Guid.CreateVersion7(), DateTimeOffset.UtcNow, 2, d.OpportunityId, true),
            // a: three seat holders, one of whom withdrew; a reserve. b: two seats and one not selected. c: three seat holders for two seats.
            Seat(a.OpportunityId, m[1]), Seat(a.OpportunityId, m[2]), Seat(a.OpportunityId, m[3]),
            new ParticipantWithdrawn(Guid.CreateVersion7(), DateTimeOffset.UtcNow, 2, a.OpportunityId, m[3], "selected"),
            Seat(a.OpportunityId, m[4], place: "reserve"),
            Seat(b.OpportunityId, m[1]), Seat(b.OpportunityId, m[5]),
            new ParticipantNotSelected(Guid.CreateVersion7(), DateTimeOffset.UtcNow, 1, b.OpportunityId, m[6]),
            Seat(c.OpportunityId, m[2]), Seat(c.OpportunityId, m[7]), Seat(c.OpportunityId, m[8]),
            Seat(d.OpportunityId, m[8]),
            // s1: two attend; s2: one attends, the other's attendance is corrected away; s4: two; s3 (not high level): two.
            Attended(a.OpportunityId, s1, m[1]), Attended(a.OpportunityId, s1, m[2]),
            Attended(a.OpportunityId, s2, m[1]), Attended(a.OpportunityId, s2, m[2]), NotAttended(a.OpportunityId, s2, m[2]),
            Attended(c.OpportunityId, s4, m[2]), Attended(c.OpportunityId, s4, m[7]),
            Attended(b.OpportunityId, s3, m[1]), Attended(b.OpportunityId, s3, m[5]),
            Papers(a.OpportunityId, s1, onTime: true), Papers(a.OpportunityId, s2, onTime: false), Papers(c.OpportunityId, s4, onTime: true),
            Papers(d.OpportunityId, cancelledSession, onTime: false),
        ];
    }

    // Run: a, b, c. Seats 3 + 4 + 2 = 9; filled 2 + 2 + 2 = 6. High-level sessions s1, s2, s4: two with two or more.
    // Reserve: a of a and c. Papers: 2 of 3 on time. People: m1 (3 sessions), m2 (2), m5 (1), m7 (1): 7 attendances,
    // the busiest tenth (one person, m1) attended 3.
    private static readonly Dictionary<string, string> Expected = new()
    {
        ["reach.opportunities_run"] = "3",
        ["reach.seats_offered"] = "9",
        ["reach.seats_filled"] = "6",
        ["reach.seats_filled_share"] = "66.7",
        ["reach.meetings_two_or_more_share"] = "66.7",
        ["reach.meetings_without_two"] = "1",
        ["reach.meetings_reserve_share"] = "50",
        ["reach.papers_on_time_share"] = "66.7",
        ["reach.people_involved"] = "4",
        ["spread.busiest_tenth_share"] = "42.9",
        ["spread.involved_once"] = "2",
        ["spread.involved_two_to_four"] = "2",
        ["spread.involved_five_or_more"] = "0",
    };

    [Fact]
    public async Task Reach_and_spread_figures_from_events_in_order()
    {
        await fixture.PublishAllAsync(Scenario(2012));

        await fixture.WaitForFiguresAsync(2012, 1, Expected);
        // The whole year also holds the Q2 event: four opportunities run, five more seats, none filled.
        await fixture.WaitForFiguresAsync(2012, 0, new Dictionary<string, string>
        {
            ["reach.opportunities_run"] = "4", ["reach.seats_offered"] = "14", ["reach.seats_filled"] = "6", ["reach.people_involved"] = "4",
        });
        await fixture.WaitForFiguresAsync(2012, 2, new Dictionary<string, string>
        {
            ["reach.opportunities_run"] = "1", ["reach.seats_filled_share"] = "0", ["reach.meetings_two_or_more_share"] = "n/a",
            ["reach.meetings_without_two"] = "0", ["reach.people_involved"] = "0", ["spread.busiest_tenth_share"] = "n/a",
        });
    }

    [Fact]
    public async Task Shuffled_and_repeated_delivery_gives_the_same_figures()
    {
        await fixture.PublishAllAsync(ShuffledAndRepeated(Scenario(2011), seed: 2011));

        await fixture.WaitForFiguresAsync(2011, 1, Expected);
        await fixture.DrainedAsync(ReachQueues);
        await Refresh();
        Assert.Equal(Expected, (await fixture.FiguresAsync(2011, 1, [.. Expected.Keys])).Where(f => Expected.ContainsKey(f.Key)).ToDictionary());
    }

    [Fact]
    public async Task Committees_and_reviews_that_met_with_an_expert_by_experience()
    {
        const int year = 2013;
        var member = Guid.CreateVersion7();
        var s = Enumerable.Range(0, 6).Select(i => Session(At(year, 4, 10 + i))).ToArray();
        // Two opportunities seat the same committee (one body, met with a member); a work stream met without one;
        // a review with a member and one without; a cancelled review is not counted; a later session (Q3) not in Q1.
        var board1 = Published(Guid.CreateVersion7(), "committee", 2, 1, true, [s[0]], committee: "Quality Committee");
        var board2 = Published(Guid.CreateVersion7(), "committee", 2, 1, true, [s[1]], committee: "Quality Committee");
        var stream = Published(Guid.CreateVersion7(), "work_stream", 2, 0, false, [s[2], Session(At(year, 10, 1))]);
        var review1 = Published(Guid.CreateVersion7(), "quality_and_safety_review", 2, 0, false, [s[3]]);
        var review2 = Published(Guid.CreateVersion7(), "quality_and_safety_review", 2, 0, false, [s[4]]);
        var review3 = Published(Guid.CreateVersion7(), "quality_and_safety_review", 2, 0, false, [s[5]]);
        var events = new IIntegrationEvent[]
        {
            board1, board2, stream, review1, review2, review3,
            new OpportunityCancelled(Guid.CreateVersion7(), DateTimeOffset.UtcNow, 2, review3.OpportunityId, true),
            Attended(board2.OpportunityId, s[1], member), Attended(review1.OpportunityId, s[3], member),
        };

        await fixture.PublishAllAsync(ShuffledAndRepeated(events, seed: year));

        await fixture.WaitForFiguresAsync(year, 1, new Dictionary<string, string>
        {
            ["committees.with_ebe_share"] = "50", ["committees.qs_reviews_with_ebe_share"] = "50",
        });
        await fixture.WaitForFiguresAsync(year, 3, new Dictionary<string, string>
        {
            ["committees.with_ebe_share"] = "0", ["committees.qs_reviews_with_ebe_share"] = "n/a",
        });
    }

    [Fact]
    public async Task People_involved_and_spread_by_care_group()
    {
        const int year = 2014;
        const string careGroup = "Spread test care group";
        var registered = Enumerable.Range(0, 8).Select(_ => new MemberRegistered(Guid.CreateVersion7(), DateTimeOffset.UtcNow, 1, Guid.CreateVersion7(),
            "Test Member", LivedExperienceTypes.Carer, 2, At(year - 1, 1, 1), careGroup, null)).ToList();
        await fixture.PublishAllAsync(registered);
        var sessions = Enumerable.Range(0, 5).Select(i => Session(At(year, 4, 2 + i))).ToArray();
        var panel = Published(Guid.CreateVersion7(), "panel", 10, 0, false, sessions);
        var unknown = Guid.CreateVersion7();   // a member with no care group (not registered here)
        var events = new List<IIntegrationEvent> { panel };
        events.AddRange(registered.Select(r => Attended(panel.OpportunityId, sessions[0], r.MemberId)));
        events.AddRange(sessions.Select(session => Attended(panel.OpportunityId, session, unknown)));

        await fixture.PublishAllAsync(events);

        // Nine people: eight in the care group once each (rounded to 10 below the whole trust), one five times.
        // 13 attendances; the busiest tenth (one person) attended 5.
        await fixture.WaitForFiguresAsync(year, 1, new Dictionary<string, string>
        {
            ["reach.people_involved"] = "9",
            [$"reach.people_involved@{careGroup}"] = "10",
            ["spread.involved_once"] = "8",
            [$"spread.involved_once@{careGroup}"] = "10",
            ["spread.involved_five_or_more"] = "1",
            [$"spread.involved_five_or_more@{careGroup}"] = "0",
            ["spread.busiest_tenth_share"] = "38.5",
        });
    }

    private Task<int> Refresh() =>
        ((ReportingHost::Involvement.Reporting.Metrics.MetricsRefresher)fixture.Services.GetService(typeof(ReportingHost::Involvement.Reporting.Metrics.MetricsRefresher))!)
            .RefreshAsync(CancellationToken.None);
}
