namespace Involvement.Reporting.Metrics;

/// <summary>Every metric of every family, by code, in the order the families list them.</summary>
public sealed class MetricCatalog
{
    public MetricCatalog(IEnumerable<IMetricFamily> families)
    {
        Families = [.. families];
        Metrics = [.. Families.SelectMany(f => f.Metrics)];
        ByCode = Metrics.ToDictionary(m => m.Code, StringComparer.Ordinal);
        FamilyOf = Families.SelectMany(f => f.Metrics.Select(m => (m.Code, f))).ToDictionary(x => x.Code, x => x.f, StringComparer.Ordinal);
    }

    public IReadOnlyList<IMetricFamily> Families { get; }

    public IReadOnlyList<MetricDefinition> Metrics { get; }

    public IReadOnlyDictionary<string, MetricDefinition> ByCode { get; }

    public IReadOnlyDictionary<string, IMetricFamily> FamilyOf { get; }
}
