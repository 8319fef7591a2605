using Involvement.Recruitment.Matching;

namespace Involvement.Recruitment;

/// <summary>Section <c>Recruitment</c>.</summary>
public sealed class RecruitmentOptions
{
    public const string Section = "Recruitment";

    /// <summary>How many days before each session its papers go out, unless an opportunity says otherwise.</summary>
    public int PapersDueDaysBefore { get; set; } = 7;

    /// <summary>Sessions a member may hold a seat for in one calendar month (UHL: up to six a month).</summary>
    public int MonthlySessionCap { get; set; } = 6;

    /// <summary>Outreach places added beyond the ranked ones, as a share of them (at least one when outreach applies).</summary>
    public double OutreachShare { get; set; } = 0.2;

    /// <summary>A group is under-represented when its share of the pool is below this fraction of its local share.</summary>
    public double UnderRepresentationRatio { get; set; } = 0.8;

    /// <summary>How long the pool's equality counts are reused before being counted again.</summary>
    public int RepresentationCacheSeconds { get; set; } = 300;

    /// <summary>
    /// The local population profile, in percent, by equality question and answer, e.g.
    /// <c>Recruitment__Population__ethnic_category__ETHNIC_CATEGORY_H_INDIAN=5.2</c>. Empty turns outreach off.
    /// </summary>
    public Dictionary<string, Dictionary<string, double>> Population { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Hours between scheduled equality snapshots (aggregate counts published for reporting).</summary>
    public double EqualitySnapshotHours { get; set; } = 24;

    public MatchSettings Matching => new(MonthlySessionCap, OutreachShare);

    /// <summary>Problems with the settings, each naming the environment variable to fix.</summary>
    public IEnumerable<string> Problems()
    {
        if (MonthlySessionCap < 1)
        {
            yield return "Recruitment__MonthlySessionCap must be at least 1.";
        }

        if (EqualitySnapshotHours is < 0.01 or > 24 * 31)
        {
            yield return "Recruitment__EqualitySnapshotHours must be between 0.01 and 744 (a month).";
        }

        if (OutreachShare is < 0 or > 1)
        {
            yield return "Recruitment__OutreachShare must be between 0 and 1.";
        }

        foreach (var (question, answers) in Population)
        {
            if (!EqualityGroups.ByQuestion.TryGetValue(question, out var type))
            {
                yield return $"Recruitment__Population__{question} is not an equality question; use one of {string.Join(", ", EqualityGroups.ByQuestion.Keys)}.";
                continue;
            }

            foreach (var (answer, percent) in answers)
            {
                if (type.FindValueByName(answer) is null || !EqualityGroups.IsSubstantive(answer))
                {
                    yield return $"Recruitment__Population__{question}__{answer} is not an answer to {question}.";
                }
                else if (percent is < 0 or > 100)
                {
                    yield return $"Recruitment__Population__{question}__{answer} must be a percentage between 0 and 100.";
                }
            }
        }
    }
}
