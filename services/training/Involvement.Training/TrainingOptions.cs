namespace Involvement.Training;

/// <summary>Section <c>Training</c>: a trust's training, mentoring and supervision policy.</summary>
public sealed class TrainingOptions
{
    public const string Section = "Training";

    /// <summary>Days before a certificate expires that TrainingRenewalDue is published, so a member can be reminded.</summary>
    public int RenewalDueDays { get; set; } = 30;

    /// <summary>How far ahead the expiring-soon lists look, in days.</summary>
    public int ExpiringSoonDays { get; set; } = 60;

    /// <summary>How often the expiry sweep looks for certificates that lapsed or fall due for renewal.</summary>
    public TimeSpan ExpirySweepInterval { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Certificates the sweep handles per transaction (each replica takes its own batch).</summary>
    public int ExpirySweepBatchSize { get; set; } = 500;

    /// <summary>Mentees a mentor may have at once, unless the mentor's own cap says otherwise.</summary>
    public int MentorCap { get; set; } = 3;

    /// <summary>A member active for less than this many months is a new representative, who should have a mentor.</summary>
    public int NewRepresentativeMonths { get; set; } = 6;

    /// <summary>Members at or above this pyramid level (1-7) need regular supervision.</summary>
    public int SupervisionLevel { get; set; } = 4;

    /// <summary>How often, in months, those members need supervision (3: quarterly).</summary>
    public int SupervisionIntervalMonths { get; set; } = 3;

    /// <summary>Problems with the settings, each naming the environment variable to fix.</summary>
    public IEnumerable<string> Problems()
    {
        if (RenewalDueDays is < 1 or > 365)
        {
            yield return "Training__RenewalDueDays must be between 1 and 365.";
        }

        if (ExpiringSoonDays is < 1 or > 365)
        {
            yield return "Training__ExpiringSoonDays must be between 1 and 365.";
        }

        if (ExpirySweepInterval < TimeSpan.FromSeconds(1) || ExpirySweepInterval > TimeSpan.FromDays(1))
        {
            yield return "Training__ExpirySweepInterval must be between 00:00:01 and 1.00:00:00.";
        }

        if (ExpirySweepBatchSize is < 1 or > 10_000)
        {
            yield return "Training__ExpirySweepBatchSize must be between 1 and 10000.";
        }

        if (MentorCap is < 1 or > 50)
        {
            yield return "Training__MentorCap must be between 1 and 50.";
        }

        if (NewRepresentativeMonths is < 1 or > 60)
        {
            yield return "Training__NewRepresentativeMonths must be between 1 and 60.";
        }

        if (SupervisionLevel is < 1 or > 7)
        {
            yield return "Training__SupervisionLevel must be a pyramid level between 1 and 7.";
        }

        if (SupervisionIntervalMonths is < 1 or > 24)
        {
            yield return "Training__SupervisionIntervalMonths must be between 1 and 24.";
        }
    }
}
