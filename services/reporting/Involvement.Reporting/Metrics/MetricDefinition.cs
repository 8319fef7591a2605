using Involvement.Reporting.V1;

namespace Involvement.Reporting.Metrics;

/// <summary>What a metric means, where it comes from and how it is broken down (docs/metrics.md says the same).</summary>
/// <param name="Code">Stable code, area first: <c>membership.new_members</c>.</param>
/// <param name="SourceService">recruitment, payments or training: when it is not deployed the metric says so.</param>
/// <param name="CategoryName">What the categories are (e.g. "pyramid level"); null when the metric has none.</param>
/// <param name="AtPeriodEnd">A position at the end of the period (members) rather than a flow during it.</param>
public sealed record MetricDefinition(
    string Code,
    string Title,
    string Meaning,
    string SourceService,
    IReadOnlyList<string> SourceEvents,
    MetricUnit Unit,
    string? CategoryName = null,
    bool ByCareGroup = false,
    bool HigherIsBetter = true,
    bool AtPeriodEnd = false)
{
    public string Area => Code[..Code.IndexOf('.', StringComparison.Ordinal)];

    /// <summary>The rule its figures follow, from its unit (one rule per unit, applied in <see cref="Disclosure.FigurePublisher"/>).</summary>
    public string Disclosure => Unit switch
    {
        MetricUnit.People or MetricUnit.Count =>
            "Whole-trust total exact unless a breakdown of it has a count of 1-7 (then rounded to the nearest 5); below it: 0 stays 0, 1-7 is *, others rounded to the nearest 5.",
        MetricUnit.Percent =>
            "From the whole-trust counts; below the whole trust from counts disclosure-controlled first (* when either count is *).",
        MetricUnit.Pence =>
            "Whole-trust total exact; below it, * when it covers 1-7 people.",
        _ => "* when it is over 1-7 people, at every level.",
    };
}
