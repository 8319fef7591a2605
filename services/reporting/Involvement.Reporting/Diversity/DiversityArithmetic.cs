using Involvement.Reporting.Metrics;
using Involvement.Reporting.Periods;

namespace Involvement.Reporting.Diversity;

/// <summary>One question's answer and how many people gave it.</summary>
public sealed record AnswerCount(string Question, string Answer, long Members);

/// <summary>The snapshot a period shows: the latest for the quarter (or, for a whole year, the year's latest).</summary>
public sealed record DiversitySnapshot(long PoolMembers, long InvolvedMembers, IReadOnlyList<AnswerCount> Pool, IReadOnlyList<AnswerCount> Involved);

/// <summary>
/// Diversity figures from one aggregate snapshot, never from individuals. Counts per question and answer; shares of
/// those who answered the question (prefer-not-to-say and unanswered left out, as a census profile leaves out "not
/// stated"), with the response rate as separate counts; the configured population share beside them.
/// </summary>
public static class DiversityArithmetic
{
    public const string Pool = "diversity.pool";
    public const string Involved = "diversity.involved";
    public const string PoolShare = "diversity.pool_share";
    public const string InvolvedShare = "diversity.involved_share";
    public const string PopulationShare = "diversity.population_share";
    public const string PoolResponse = "diversity.pool_response";
    public const string InvolvedResponse = "diversity.involved_response";

    /// <param name="answers">Every (question, answer) to show, zeros included: all ever seen and all in the profile.</param>
    public static IEnumerable<ComputedFigure> Figures(
        ReportingPeriod period,
        DiversitySnapshot? snapshot,
        IReadOnlyCollection<(string Question, string Answer)> answers,
        IReadOnlyDictionary<string, Dictionary<string, double>> profile)
    {
        foreach (var (question, byAnswer) in profile.OrderBy(q => q.Key, StringComparer.Ordinal))
        {
            foreach (var (answer, percent) in byAnswer.OrderBy(a => a.Key, StringComparer.Ordinal))
            {
                yield return new ReferenceFigure(PopulationShare, period, "", EqualityAnswers.Category(question, answer), (decimal)Math.Round(percent, 1));
            }
        }

        if (snapshot is null)
        {
            yield break;   // no snapshot for the period: no figures rather than zeros
        }

        var all = answers.Concat(snapshot.Pool.Concat(snapshot.Involved).Select(a => (a.Question, a.Answer)))
            .Distinct().OrderBy(a => a.Question, StringComparer.Ordinal).ThenBy(a => a.Answer, StringComparer.Ordinal).ToList();
        foreach (var figure in Group(period, Pool, PoolShare, PoolResponse, snapshot.PoolMembers, snapshot.Pool, all))
        {
            yield return figure;
        }

        foreach (var figure in Group(period, Involved, InvolvedShare, InvolvedResponse, snapshot.InvolvedMembers, snapshot.Involved, all))
        {
            yield return figure;
        }
    }

    private static IEnumerable<ComputedFigure> Group(
        ReportingPeriod period, string countMetric, string shareMetric, string responseMetric, long people,
        IReadOnlyList<AnswerCount> counts, IReadOnlyList<(string Question, string Answer)> all)
    {
        var byAnswer = counts.GroupBy(c => (c.Question, c.Answer)).ToDictionary(g => g.Key, g => g.Sum(c => c.Members));
        long Count(string question, string answer) => byAnswer.GetValueOrDefault((question, answer));

        yield return new CountFigure(countMetric, period, "", "", people);
        yield return new CountFigure(responseMetric, period, "", "", people);
        foreach (var (question, answer) in all)
        {
            yield return new CountFigure(countMetric, period, "", EqualityAnswers.Category(question, answer), Count(question, answer));
        }

        foreach (var question in all.Select(a => a.Question).Distinct())
        {
            var mine = all.Where(a => a.Question == question).Select(a => (a.Answer, Members: Count(question, a.Answer), Response: EqualityAnswers.ResponseOf(a.Answer))).ToList();
            var answered = mine.Where(a => a.Response == EqualityAnswers.Answered).Sum(a => a.Members);
            var preferNot = mine.Where(a => a.Response == EqualityAnswers.PreferNotToSay).Sum(a => a.Members);
            // Everyone is counted once per question; anyone the snapshot leaves out of a question did not answer it.
            var unanswered = Math.Max(mine.Where(a => a.Response == EqualityAnswers.Unanswered).Sum(a => a.Members), people - answered - preferNot);
            yield return new CountFigure(responseMetric, period, "", EqualityAnswers.Category(question, EqualityAnswers.Answered), answered);
            yield return new CountFigure(responseMetric, period, "", EqualityAnswers.Category(question, EqualityAnswers.PreferNotToSay), preferNot);
            yield return new CountFigure(responseMetric, period, "", EqualityAnswers.Category(question, EqualityAnswers.Unanswered), unanswered);
            foreach (var (answer, members, _) in mine.Where(a => a.Response == EqualityAnswers.Answered))
            {
                yield return new ShareFigure(shareMetric, period, "", EqualityAnswers.Category(question, answer), members, answered);
            }
        }
    }
}
