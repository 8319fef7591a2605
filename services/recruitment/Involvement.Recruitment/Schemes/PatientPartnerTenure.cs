namespace Involvement.Recruitment.Schemes;

/// <summary>UHL Patient Partners: a tenure of at most six years, reviewed by the PPI team after three.</summary>
public sealed record PatientPartnerTenure(DateOnly StartedOn)
{
    public const int ReviewAfterYears = 3;
    public const int MaximumYears = 6;

    public DateOnly ReviewDueOn => StartedOn.AddYears(ReviewAfterYears);

    /// <summary>The last day of the tenure.</summary>
    public DateOnly EndsBy => StartedOn.AddYears(MaximumYears).AddDays(-1);

    public bool AllowsEndingOn(DateOnly endedOn) => endedOn >= StartedOn && endedOn <= EndsBy;
}
