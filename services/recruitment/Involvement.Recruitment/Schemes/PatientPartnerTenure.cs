namespace Involvement.Recruitment.Schemes;

/// <summary>
/// UHL Patient Partners (6.8): a first term of three years; a satisfactory review recorded by the end of it opens a
/// second three years, six at most. Without one the tenure ends at three years. Ending it ends Patient Partner work
/// only; the member stays in the involvement pool.
/// </summary>
public sealed record PatientPartnerTenure(DateOnly StartedOn, DateOnly? SatisfactoryReviewOn = null)
{
    public const int ReviewAfterYears = 3;
    public const int MaximumYears = 6;

    public DateOnly ReviewDueOn => StartedOn.AddYears(ReviewAfterYears);

    /// <summary>Whether the second three years were opened: a satisfactory review recorded by year three.</summary>
    public bool Extended => SatisfactoryReviewOn is { } on && on >= StartedOn && on <= ReviewDueOn;

    /// <summary>The last day of the tenure: three years on, or six once extended.</summary>
    public DateOnly EndsBy => StartedOn.AddYears(Extended ? MaximumYears : ReviewAfterYears).AddDays(-1);

    /// <summary>A membership may end early, never after the six-year limit.</summary>
    public bool AllowsEndingOn(DateOnly endedOn) => endedOn >= StartedOn && endedOn <= StartedOn.AddYears(MaximumYears).AddDays(-1);

    public bool HasEndedBy(DateOnly today) => EndsBy < today;
}
