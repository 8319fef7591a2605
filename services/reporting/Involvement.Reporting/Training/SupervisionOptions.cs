namespace Involvement.Reporting.Training;

/// <summary>
/// Section <c>Reporting</c>: who needs supervision, set to match training's <c>Training__SupervisionLevel</c> and
/// <c>Training__SupervisionIntervalMonths</c> (reporting never reads training's settings or database).
/// </summary>
public sealed class SupervisionOptions
{
    /// <summary>Active members at or above this pyramid level (1-7) need supervision.</summary>
    public int SupervisionLevel { get; set; } = 4;

    /// <summary>How recent, in months, a supervision session must be at the end of a period to count.</summary>
    public int SupervisionIntervalMonths { get; set; } = 3;

    public IEnumerable<string> Problems()
    {
        if (SupervisionLevel is < 1 or > 7)
        {
            yield return "Reporting__SupervisionLevel must be a pyramid level between 1 and 7 (as Training__SupervisionLevel).";
        }

        if (SupervisionIntervalMonths is < 1 or > 24)
        {
            yield return "Reporting__SupervisionIntervalMonths must be between 1 and 24 (as Training__SupervisionIntervalMonths).";
        }
    }
}
