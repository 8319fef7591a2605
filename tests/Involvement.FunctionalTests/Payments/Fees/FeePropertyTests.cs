using Involvement.Contracts;
using Involvement.Contracts.Recruitment;
using Involvement.Payments.V1;

namespace Involvement.FunctionalTests.Payments.Fees;

/// <summary>
/// The property fees rest on: the same ParticipationRecorded and ParticipationCorrected events delivered twice, shuffled
/// (half redelivered, half replayed under new event ids), give the same fee lines and totals as delivered once in order.
/// </summary>
public sealed class FeePropertyTests(PaymentsFixture fixture) : IClassFixture<PaymentsFixture>
{
    private const int Members = 3;
    private const int Opportunities = 4;
    private const int SessionsEach = 6;
    private readonly FeeWorld _world = new(fixture);

    /// <summary>One attendance in the template: who, where, and its corrections (attended, hours), in version order.</summary>
    private sealed record Attendance(int Member, int Opportunity, int Session, decimal Hours, IReadOnlyList<(bool Attended, decimal Hours)> Corrections);

    [Fact]
    public async Task Twice_shuffled_gives_the_same_fees_and_totals_as_once_in_order()
    {
        var seed = Environment.TickCount;
        var random = new Random(seed);
        // A session card capped at 3 a month that is cut mid-June (the offer still pays), and an hourly card capped at 6 hours.
        var sessions = await _world.CardAsync(pence: 2500, cap: 3, from: new DateOnly(2026, 1, 1));
        await _world.Cards().AddRateCardVersionAsync(new AddRateCardVersionRequest
        {
            Reference = sessions.Reference, ExpectedVersion = 1,
            Terms = new RateTerms { EffectiveFrom = FeeWorld.Day(new DateOnly(2026, 6, 15)), Unit = RateUnit.Session, AmountPence = 2000, MonthlyUnitCap = 3 },
        });
        var hourly = await _world.CardAsync(pence: 1500, unit: RateUnit.Hour, cap: 6);
        string[] cards = [sessions.Reference, hourly.Reference];
        var template = Template(random);

        var once = await RunAsync(template, cards, deliverTwiceShuffled: false, random);
        var twice = await RunAsync(template, cards, deliverTwiceShuffled: true, random);

        var message = $"seed {seed}";
        Assert.True(once.Lines.Count >= template.Count, message);
        Assert.Contains(once.Lines.Values, l => l.State == FeeLineState.Held && l.HoldReason == HoldReason.OverMonthlyCap);   // the cap came into play
        Assert.Contains(once.Lines.Values, l => l.State == FeeLineState.Void);                                            // and corrections did
        Assert.Equal(once.Lines.OrderBy(l => l.Key), twice.Lines.OrderBy(l => l.Key));
        Assert.Equal(once.Totals, twice.Totals);
    }

    private static List<Attendance> Template(Random random)
    {
        var template = new List<Attendance>();
        for (var member = 0; member < Members; member++)
        {
            for (var opportunity = 0; opportunity < Opportunities; opportunity++)
            {
                for (var session = 0; session < SessionsEach; session++)
                {
                    if (random.NextDouble() < 0.6)
                    {
                        var corrections = Enumerable.Range(0, random.Next(0, 3))
                            .Select(_ => random.NextDouble() < 0.3 ? (false, 0m) : (true, random.Next(1, 13) / 4m)).ToList();
                        template.Add(new Attendance(member, opportunity, session, random.Next(1, 13) / 4m, corrections));
                    }
                }
            }
        }

        return template;
    }

    private sealed record Outcome(
        IReadOnlyDictionary<(int Attendance, int Adjustment), (FeeLineState State, HoldReason HoldReason, long AmountPence, double Units, double Hours)> Lines,
        IReadOnlyList<(int Member, FeeLineState State, long AmountPence)> Totals);

    /// <summary>The template with members and opportunities of its own (same cards, same times), delivered one way or the other.</summary>
    private async Task<Outcome> RunAsync(List<Attendance> template, string[] cards, bool deliverTwiceShuffled, Random random)
    {
        var members = new List<Guid>();
        for (var i = 0; i < Members; i++)
        {
            members.Add(await _world.MemberAsync());
        }

        var opportunities = new List<OpportunityPublished>();
        for (var o = 0; o < Opportunities; o++)
        {
            // Weekly sessions from 2 June, each opportunity at its own hour, the last ones over the month end (UK time).
            var first = new DateTimeOffset(2026, 6, 2, 8 + o, 0, 0, TimeSpan.Zero);
            opportunities.Add(await _world.OpportunityAsync(cards[o % cards.Length], first, sessions: SessionsEach,
                publishedAt: new DateTimeOffset(2026, 5, 20, 12, 0, 0, TimeSpan.Zero)));
        }

        var events = new List<IIntegrationEvent>();
        var participations = new Dictionary<Guid, int>();
        for (var i = 0; i < template.Count; i++)
        {
            var a = template[i];
            var recorded = FeeWorld.Attended(opportunities[a.Opportunity], a.Session, members[a.Member], a.Hours);
            participations[recorded.ParticipationId] = i;
            events.Add(recorded);
            for (var c = 0; c < a.Corrections.Count; c++)
            {
                events.Add(FeeWorld.Corrected(recorded, a.Corrections[c].Attended, a.Corrections[c].Hours, version: 3 + c));
            }
        }

        if (!deliverTwiceShuffled)
        {
            foreach (var e in events)
            {
                await PublishAndWaitAsync(e);
            }
        }
        else
        {
            var replays = events.Select((e, i) => i % 2 == 0 ? e : WithNewId(e)).ToList();
            var all = events.Concat(replays).OrderBy(_ => random.Next()).ToList();
            foreach (var e in all)
            {
                await _world.PublishAsync((dynamic)e);
            }

            await _world.HandledAsync("ParticipationRecordedConsumer", [.. all.OfType<ParticipationRecorded>().Select(e => e.EventId)]);
            await _world.HandledAsync("ParticipationCorrectedConsumer", [.. all.OfType<ParticipationCorrected>().Select(e => e.EventId)]);
        }

        var lines = new Dictionary<(int, int), (FeeLineState, HoldReason, long, double, double)>();
        var totals = new List<(int, FeeLineState, long)>();
        for (var m = 0; m < members.Count; m++)
        {
            var memberLines = await _world.LinesAsync(members[m]);
            foreach (var line in memberLines)
            {
                lines.Add((participations[Guid.Parse(line.ParticipationId)], line.Adjustment), (line.State, line.HoldReason, line.AmountPence, line.Units, line.Hours));
            }

            totals.AddRange(memberLines.GroupBy(l => l.State).OrderBy(g => g.Key).Select(g => (m, g.Key, g.Sum(l => l.AmountPence))));
        }

        return new Outcome(lines, totals);
    }

    private async Task PublishAndWaitAsync(IIntegrationEvent e)
    {
        await _world.PublishAsync((dynamic)e);
        await _world.HandledAsync(e is ParticipationRecorded ? "ParticipationRecordedConsumer" : "ParticipationCorrectedConsumer", e.EventId);
    }

    private static IIntegrationEvent WithNewId(IIntegrationEvent e) => e switch
    {
        ParticipationRecorded r => r with { EventId = Guid.CreateVersion7() },
        ParticipationCorrected c => c with { EventId = Guid.CreateVersion7() },
        _ => e,
    };
}
