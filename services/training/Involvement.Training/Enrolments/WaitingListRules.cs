namespace Involvement.Training.Enrolments;

/// <summary>A learner waiting for a place, in the order they asked.</summary>
public sealed record WaitingLearner(Guid EnrolmentId, DateTimeOffset RequestedAt);

/// <summary>Who gets a place on a session: first come, first served, and a freed place goes to whoever has waited longest.</summary>
public static class WaitingListRules
{
    public const string Enrolled = "enrolled";
    public const string Waiting = "waiting";
    public const string Cancelled = "cancelled";

    /// <summary>A new request has a place only when one is free and nobody is waiting ahead of it.</summary>
    public static string StateOnRequest(int capacity, int enrolled, int waiting) =>
        enrolled < capacity && waiting == 0 ? Enrolled : Waiting;

    /// <summary>
    /// The waiting learners who take the free places (capacity less those enrolled), in the order they asked; the
    /// enrolment id breaks a tie between requests made at the same instant.
    /// </summary>
    public static IReadOnlyList<WaitingLearner> ToPromote(int capacity, int enrolled, IEnumerable<WaitingLearner> waiting) =>
        [.. waiting.OrderBy(w => w.RequestedAt).ThenBy(w => w.EnrolmentId).Take(Math.Max(0, capacity - enrolled))];

    /// <summary>Whether a module's audience (service_users_and_carers, staff, both) admits a learner of this kind (member, staff).</summary>
    public static bool AudienceAdmits(string audience, string learnerKind) => audience switch
    {
        "both" => true,
        "staff" => learnerKind == "staff",
        "service_users_and_carers" => learnerKind == "member",
        _ => throw new InvalidOperationException($"The stored audience '{audience}' is not one training knows."),
    };
}
