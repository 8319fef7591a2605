using Involvement.Reporting.Deployment;

namespace Involvement.Reporting;

/// <summary>Section <c>Reporting</c>.</summary>
public sealed class ReportingOptions
{
    public const string Section = "Reporting";

    /// <summary>
    /// How often the refresher recomputes the metrics whose read models changed: changes within one interval are
    /// coalesced into one update for WatchMetrics subscribers.
    /// </summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How often MetricsSnapshotPublished is sent for the current quarter (once per interval, whatever the replicas).</summary>
    public TimeSpan SnapshotInterval { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Services this installation does not run, even if an event from them was once seen.</summary>
    public List<string> NotDeployed { get; set; } = [];

    /// <summary>
    /// The local population profile diversity is compared with: percent per answer per equality question, e.g.
    /// <c>Reporting__PopulationProfile__ethnic_category__ETHNIC_CATEGORY_A_WHITE_BRITISH=78.1</c>. Empty by default:
    /// diversity.population_share has no figures until it is configured.
    /// </summary>
    public Dictionary<string, Dictionary<string, double>> PopulationProfile { get; set; } = new(StringComparer.Ordinal);

    public IEnumerable<string> Problems()
    {
        foreach (var (question, answers) in PopulationProfile)
        {
            if (!Diversity.EqualityAnswers.IsCode(question))
            {
                yield return $"Reporting__PopulationProfile: question '{question}' must be a code of letters, digits and underscores (as recruitment's EqualitySnapshot names it).";
            }

            foreach (var (answer, percent) in answers)
            {
                if (!Diversity.EqualityAnswers.IsCode(answer) || Diversity.EqualityAnswers.ResponseOf(answer) != Diversity.EqualityAnswers.Answered)
                {
                    yield return $"Reporting__PopulationProfile__{question}: '{answer}' must be an answer's code, not unanswered or prefer-not-to-say.";
                }

                if (!double.IsFinite(percent) || percent < 0 || percent > 100)
                {
                    yield return $"Reporting__PopulationProfile__{question}__{answer} must be a percent between 0 and 100.";
                }
            }

            if (answers.Values.Where(double.IsFinite).Sum() > 100.5)
            {
                yield return $"Reporting__PopulationProfile__{question}: the percents add up to more than 100.";
            }
        }

        if (RefreshInterval < TimeSpan.FromMilliseconds(10) || RefreshInterval > TimeSpan.FromMinutes(10))
        {
            yield return "Reporting__RefreshInterval must be between 00:00:00.010 and 00:10:00.";
        }

        if (SnapshotInterval < TimeSpan.FromSeconds(1) || SnapshotInterval > TimeSpan.FromDays(31))
        {
            yield return "Reporting__SnapshotInterval must be between 00:00:01 and 31.00:00:00.";
        }

        foreach (var service in NotDeployed.Where(s => !DeployedServices.All.Contains(s)))
        {
            yield return $"Reporting__NotDeployed: '{service}' is not a service reporting reads from (recruitment, payments, training).";
        }
    }
}
