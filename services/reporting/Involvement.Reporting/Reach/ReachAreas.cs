namespace Involvement.Reporting.Reach;

/// <summary>The read-model areas the reach, spread, committees and impact consumers change.</summary>
public static class ReachAreas
{
    /// <summary>opportunities and their sessions, places (participants) and papers.</summary>
    public const string Opportunities = "opportunities";

    /// <summary>attendance per participation.</summary>
    public const string Attendance = "attendance";

    /// <summary>impact records, publishable feedback and questionnaires.</summary>
    public const string Impact = "impact";

    /// <summary>involvement requests received and assessed.</summary>
    public const string Requests = "requests";
}
