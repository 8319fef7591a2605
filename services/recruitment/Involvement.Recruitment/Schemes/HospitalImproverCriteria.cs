namespace Involvement.Recruitment.Schemes;

/// <summary>What the joining criteria are judged on, gathered from the member record and equality monitoring.</summary>
public sealed record ImproverFacts(
    IReadOnlyList<DateOnly> ServicesLastUsed,
    DateOnly? CodeOfConductAgreedOn,
    bool ConsentToHoldData,
    bool ConsentToInvitations,
    bool EqualityMonitoringCompleted);

public sealed record CriterionResult(string Criterion, bool Met, string Reason);

/// <summary>
/// UHL's five joining criteria for Hospital Improvers. Every criterion is judged and reported with its reason, so the
/// PPI team can tell the person exactly what is missing. Equality answers may all be "prefer not to say".
/// </summary>
public static class HospitalImproverCriteria
{
    public const int RecentServiceMonths = 18;

    public static IReadOnlyList<CriterionResult> Check(ImproverFacts facts, DateOnly today)
    {
        var since = today.AddMonths(-RecentServiceMonths);
        var latest = facts.ServicesLastUsed.Count == 0 ? (DateOnly?)null : facts.ServicesLastUsed.Max();
        return
        [
            new("recent_service_use", latest >= since, latest is null
                ? "No use of a trust service is recorded."
                : latest >= since
                    ? $"Last used a trust service on {latest:yyyy-MM-dd}, within {RecentServiceMonths} months."
                    : $"Last used a trust service on {latest:yyyy-MM-dd}, more than {RecentServiceMonths} months ago (before {since:yyyy-MM-dd})."),
            new("code_of_conduct", facts.CodeOfConductAgreedOn is not null, facts.CodeOfConductAgreedOn is { } agreed
                ? $"Agreed the code of conduct on {agreed:yyyy-MM-dd}."
                : "Has not agreed the code of conduct."),
            new("consent_to_hold_data", facts.ConsentToHoldData, facts.ConsentToHoldData
                ? "Consented to the trust holding their data."
                : "Has not consented to the trust holding their data."),
            new("consent_to_invitations", facts.ConsentToInvitations, facts.ConsentToInvitations
                ? "Consented to be invited through at least one channel."
                : "Has not consented to be invited by email, phone or post."),
            new("equality_monitoring", facts.EqualityMonitoringCompleted, facts.EqualityMonitoringCompleted
                ? "Completed the equality monitoring form (any answer, including prefer not to say)."
                : "Has not completed the equality monitoring form; every question may be answered \"prefer not to say\"."),
        ];
    }
}
