using Involvement.Contracts;
using Involvement.Contracts.Recruitment;
using Involvement.Contracts.Training;
using Involvement.TestKit;
using static Involvement.FunctionalTests.Reporting.MetricFigures;

namespace Involvement.FunctionalTests.Reporting;

// Tests in one class share a database and run one at a time: each uses financial years of its own (2011, 2013, 2016).
public sealed class TrainingMetricTests(ReportingFixture fixture) : IClassFixture<ReportingFixture>
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    [Fact]
    public async Task Every_training_metric_from_events_delivered_in_order()
    {
        await PublishAllAsync(fixture, Scenario(2013));

        await ExpectAsync(fixture, 2013, 1, ExpectedFirstQuarter);
        await ExpectAsync(fixture, 2013, 2, ExpectedSecondQuarter);
        await ExpectAsync(fixture, 2013, 0, YearExpected);
        await ExpectAsync(fixture, 2012, 4, new Dictionary<Figure, string>
        {
            [new("training.mentoring_pairs_started")] = "1",
            [new("training.mentoring_pairs_active")] = "1",
        });
    }

    [Fact]
    public async Task Shuffled_and_repeated_delivery_gives_the_same_figures()
    {
        var events = Scenario(2011);
        // The same completions again under new event ids (a replay) change nothing either.
        var replayed = events.OfType<TrainingCompleted>().Select(c => (IIntegrationEvent)(c with { EventId = Guid.CreateVersion7() }));
        await PublishAllAsync(fixture, ShuffledAndRepeated(events.Concat(replayed), seed: 2011));

        await ExpectAsync(fixture, 2011, 1, ExpectedFirstQuarter);
        await ExpectAsync(fixture, 2011, 2, ExpectedSecondQuarter);
        await ExpectAsync(fixture, 2011, 0, YearExpected);
    }

    [Fact]
    public async Task Supervision_coverage_and_gaps_at_each_period_end_in_any_order()
    {
        // Ten active members at level 5 need supervision (the default Reporting__SupervisionLevel 4); one at level 2
        // and one applicant at level 5 do not.
        var needing = Enumerable.Range(0, 10).Select(_ => Registered(5)).ToList();
        var notNeeding = new[] { Registered(2), Registered(5) };
        var events = new List<IIntegrationEvent>();
        foreach (var m in needing.Append(notNeeding[0]))
        {
            events.Add(m);
            events.Add(new MemberStatusChanged(Guid.CreateVersion7(), Now, 2, m.MemberId, "active", "applicant"));
        }

        events.Add(notNeeding[1]);
        // Q1 2016: eight in a supervision group; the ninth had an emotional support session only.
        events.Add(Support("supervision", new DateOnly(2016, 5, 1), [.. needing.Take(8).Select(m => m.MemberId), notNeeding[0].MemberId]));
        events.Add(Support("emotional", new DateOnly(2016, 5, 2), [needing[8].MemberId]));
        // Q2: nine had supervision.
        events.Add(Support("supervision", new DateOnly(2016, 8, 1), [.. needing.Take(9).Select(m => m.MemberId)]));

        await PublishAllAsync(fixture, ShuffledAndRepeated(events, seed: 2016));

        await ExpectAsync(fixture, 2016, 1, Supervision("80", "2"));
        await ExpectAsync(fixture, 2016, 2, Supervision("90", "1"));
        // At the end of the year (31 March 2017) nobody had supervision in the three months before.
        await ExpectAsync(fixture, 2016, 0, Supervision("0", "10"));
    }

    private static Dictionary<Figure, string> Supervision(string share, string gaps) => new()
    {
        [new("training.supervision_coverage_share")] = share,
        [new("training.supervision_gaps")] = gaps,
    };

    private static MemberRegistered Registered(int level) =>
        Events.MemberRegistered(level: level) with { RegisteredAt = new DateTimeOffset(2016, 4, 2, 9, 0, 0, TimeSpan.Zero) };

    private static SupervisionRecorded Support(string kind, DateOnly heldOn, IReadOnlyList<Guid> members) =>
        new(Guid.CreateVersion7(), Now, 1, Guid.CreateVersion7(), kind, members.Count == 1 ? "individual" : "group", heldOn, members, 1);

    // In the first quarter: nine members complete alpha (one also beta), eight staff complete alpha; ten sessions held,
    // eight co-facilitated; three certificates lapse; nine pairs start, two of them end (the rest in the third
    // quarter, so no scenario's pairs are active in another's years); a pair started in the year before ends in the
    // second quarter.
    private static List<IIntegrationEvent> Scenario(int year)
    {
        var events = new List<IIntegrationEvent>();
        var members = Enumerable.Range(0, 9).Select(_ => Guid.CreateVersion7()).ToList();
        events.AddRange(members.Select(m => new TrainingCompleted(Guid.CreateVersion7(), Now, 1, m, "t-alpha", new DateOnly(year, 5, 10), new DateOnly(year + 1, 5, 10))));
        events.Add(new TrainingCompleted(Guid.CreateVersion7(), Now, 1, members[0], "t-beta", new DateOnly(year, 5, 20), null));
        events.AddRange(Enumerable.Range(0, 8).Select(_ => new StaffTrainingCompleted(Guid.CreateVersion7(), Now, 1, Guid.CreateVersion7(), "t-alpha", new DateOnly(year, 6, 1))));
        events.AddRange(Enumerable.Range(0, 10).Select(i => new TrainingSessionHeld(Guid.CreateVersion7(), Now, 3, Guid.CreateVersion7(), "t-alpha", "both", i < 8,
            new DateOnly(year, 5, 1), 5, 2)));
        events.AddRange(members.Take(3).Select(m => new TrainingExpired(Guid.CreateVersion7(), Now, 1, m, "t-gamma", new DateOnly(year, 6, 10), new DateOnly(year - 2, 6, 10))));
        var pairs = Enumerable.Range(0, 9).Select(i => (Id: Guid.CreateVersion7(), Mentor: Guid.CreateVersion7(), Mentee: members[i])).ToList();
        events.AddRange(pairs.Select(p => new MentoringPairStarted(Guid.CreateVersion7(), Now, 1, p.Id, p.Mentor, "member", p.Mentee, new DateOnly(year, 5, 1))));
        events.AddRange(pairs.Select((p, i) => new MentoringPairEnded(Guid.CreateVersion7(), Now, 2, p.Id, p.Mentor, p.Mentee, new DateOnly(year, 5, 1),
            i < 2 ? new DateOnly(year, 6, 15) : new DateOnly(year, 12, 1))));
        var earlier = (Id: Guid.CreateVersion7(), Mentor: Guid.CreateVersion7(), Mentee: Guid.CreateVersion7());
        events.Add(new MentoringPairStarted(Guid.CreateVersion7(), Now, 1, earlier.Id, earlier.Mentor, "staff", earlier.Mentee, new DateOnly(year, 3, 1)));
        events.Add(new MentoringPairEnded(Guid.CreateVersion7(), Now, 2, earlier.Id, earlier.Mentor, earlier.Mentee, new DateOnly(year, 3, 1), new DateOnly(year, 7, 1)));
        return events;
    }

    private static readonly Dictionary<Figure, string> ExpectedFirstQuarter = new()
    {
        [new("training.people_trained")] = "17",
        [new("training.people_trained", "member")] = "10",          // 9, rounded to the nearest 5
        [new("training.people_trained", "staff")] = "10",           // 8
        [new("training.completions_by_module")] = "20",             // 18, rounded: beta's 1 must not be given away
        [new("training.completions_by_module", "t-alpha")] = "15",  // 17
        [new("training.completions_by_module", "t-beta")] = "*",
        [new("training.workshops_delivered")] = "10",
        [new("training.co_facilitated_share")] = "80",
        [new("training.certificates_lapsed")] = "3",
        [new("training.mentoring_pairs_started")] = "9",
        [new("training.mentoring_pairs_active")] = "8",             // nine started, two ended, one from the year before
    };

    private static readonly Dictionary<Figure, string> ExpectedSecondQuarter = new()
    {
        [new("training.people_trained")] = "0",
        [new("training.people_trained", "member")] = "0",
        [new("training.completions_by_module", "t-alpha")] = "0",
        [new("training.workshops_delivered")] = "0",
        [new("training.co_facilitated_share")] = "n/a",
        [new("training.certificates_lapsed")] = "0",
        [new("training.mentoring_pairs_started")] = "0",
        [new("training.mentoring_pairs_active")] = "7",
    };

    private static readonly Dictionary<Figure, string> YearExpected = new()
    {
        [new("training.people_trained")] = "17",
        [new("training.workshops_delivered")] = "10",
        [new("training.co_facilitated_share")] = "80",
        [new("training.mentoring_pairs_started")] = "9",
        [new("training.mentoring_pairs_active")] = "0",
    };
}
