using Dapper;
using Involvement.BuildingBlocks.Data;
using Involvement.Recruitment.V1;
using Microsoft.Extensions.Options;

namespace Involvement.Recruitment.Matching;

/// <summary>
/// Which groups the pool under-represents against the configured local population. This is equality monitoring's
/// lawful use: counts over active members' answers, never anyone's answers. Counts change slowly, so they are kept
/// for <see cref="RecruitmentOptions.RepresentationCacheSeconds"/>.
/// </summary>
public sealed class PoolRepresentation(Db db, IOptions<RecruitmentOptions> options, TimeProvider clock) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (DateTimeOffset At, IReadOnlyList<UnderRepresentedGroup> Groups)? _cached;

    public async Task<IReadOnlyList<UnderRepresentedGroup>> UnderRepresentedAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (settings.Population.Count == 0)
        {
            return [];
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            var now = clock.GetUtcNow();
            if (_cached is { } cached && now - cached.At < TimeSpan.FromSeconds(settings.RepresentationCacheSeconds))
            {
                return cached.Groups;
            }

            var counts = await db.QueryAsync<AnswerCount>(
                """
                select kv.key as json_name, kv.value as answer, count(*)::int as members
                from equality_monitoring e
                join members m on m.member_id = e.member_id and m.status = 'active'
                cross join lateral jsonb_each_text(e.answers) kv
                group by kv.key, kv.value
                """,
                null, cancellationToken);
            var groups = Compare(counts, settings.Population, settings.UnderRepresentationRatio);
            _cached = (now, groups);
            return groups;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    /// <summary>A group is under-represented when its share of those who answered falls below the ratio of its local share.</summary>
    public static IReadOnlyList<UnderRepresentedGroup> Compare(
        IEnumerable<AnswerCount> counts, IReadOnlyDictionary<string, Dictionary<string, double>> population, double ratio)
    {
        var byQuestion = counts
            .Where(c => EqualityGroups.QuestionByJsonName.ContainsKey(c.JsonName) && EqualityGroups.IsSubstantive(c.Answer))
            .GroupBy(c => EqualityGroups.QuestionByJsonName[c.JsonName])
            .ToDictionary(g => g.Key, g => g.ToDictionary(c => c.Answer, c => c.Members), StringComparer.OrdinalIgnoreCase);
        var groups = new List<UnderRepresentedGroup>();
        foreach (var (question, answers) in population.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (!byQuestion.TryGetValue(question, out var pool) || pool.Values.Sum() == 0)
            {
                continue;   // nobody has answered: the pool's make-up is unknown, not lacking
            }

            var answered = pool.Values.Sum();
            foreach (var (answer, localPercent) in answers.OrderBy(a => a.Key, StringComparer.Ordinal))
            {
                var poolPercent = 100.0 * pool.GetValueOrDefault(answer) / answered;
                if (poolPercent < localPercent * ratio)
                {
                    groups.Add(new UnderRepresentedGroup
                    {
                        Question = question.ToLowerInvariant(), Answer = answer, PoolPercent = Math.Round(poolPercent, 1), PopulationPercent = localPercent,
                    });
                }
            }
        }

        return groups;
    }

    public sealed record AnswerCount(string JsonName, string Answer, int Members);
}
