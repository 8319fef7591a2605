using Involvement.Reporting.V1;

namespace Involvement.Reporting.BoardReport;

/// <summary>
/// A metric as the board report places it. The title and unit here are used only while the metric is not in the
/// catalog (its family not part of this build); once it is, the catalog's definition wins.
/// </summary>
public sealed record BoardMetricSpec(
    string Code, string Title, MetricUnit Unit, string? CategoryName = null, bool HigherIsBetter = true, string? Meaning = null);

public sealed record BoardSectionSpec(string Key, string Title, string Summary, IReadOnlyList<BoardMetricSpec> Metrics);

/// <summary>Which metric goes where in the quarterly Trust Board report (the codes are fixed in docs/metrics.md).</summary>
public static class BoardLayout
{
    private const MetricUnit People = MetricUnit.People;
    private const MetricUnit Count = MetricUnit.Count;
    private const MetricUnit Percent = MetricUnit.Percent;
    private const MetricUnit Pence = MetricUnit.Pence;

    public static readonly BoardSectionSpec Membership = new("membership", "Membership",
        "Who is in the involvement pool at the end of the quarter, by pyramid level, lived-experience type and scheme; who joined and who left.",
        [
            new("membership.members", "Members at the end of the quarter", People),
            new("membership.new_members", "New members", People),
            new("membership.members_left", "Members who left", People, HigherIsBetter: false),
            new("membership.members_by_level", "Members by pyramid level", People, "pyramid level"),
            new("membership.members_by_type", "Members by lived-experience type", People, "lived-experience type"),
            new("membership.members_by_scheme", "Members by scheme", People, "scheme"),
        ]);

    public static readonly BoardSectionSpec Reach = new("reach", "Presence and reach",
        "Opportunities run, seats offered and filled, meetings that met the two-or-more and reserve rules, papers sent on time.",
        [
            new("reach.people_involved", "People involved", People),
            new("reach.opportunities_run", "Opportunities run", Count),
            new("reach.seats_offered", "Seats offered", Count),
            new("reach.seats_filled", "Seats filled", Count),
            new("reach.seats_filled_share", "Seats filled", Percent),
            new("reach.meetings_two_or_more_share", "Meetings with two or more experts by experience", Percent),
            new("reach.meetings_reserve_share", "Meetings with a reserve", Percent),
            new("reach.papers_on_time_share", "Papers sent on time", Percent),
        ]);

    public static readonly BoardSectionSpec Spread = new("spread", "Spread of involvement",
        "How involvement is shared: the share of attendances held by the busiest tenth of members, and how often people took part.",
        [
            new("spread.busiest_tenth_share", "Attendances by the busiest 10 % of members", Percent, HigherIsBetter: false),
            new("spread.involved_once", "Involved once", People),
            new("spread.involved_two_to_four", "Involved two to four times", People),
            new("spread.involved_five_or_more", "Involved five or more times", People),
        ]);

    public static readonly BoardSectionSpec Committees = new("committees", "Committees",
        "Committees and work streams that met with an expert by experience attending, and quality and safety reviews with one.",
        [
            new("committees.with_ebe_share", "Committees and work streams with an expert by experience", Percent),
            new("committees.qs_reviews_with_ebe_share", "Quality and safety reviews with an expert by experience", Percent),
        ]);

    public static readonly BoardSectionSpec Training = new("training", "Training and support",
        "People trained (members and staff apart), completions by module, workshops, co-facilitation, supervision and mentoring.",
        [
            new("training.people_trained", "People trained", People, "learner"),
            new("training.workshops_delivered", "Workshops delivered", Count),
            new("training.co_facilitated_share", "Workshops co-facilitated", Percent),
            new("training.certificates_lapsed", "Certificates lapsed", Count, HigherIsBetter: false),
            new("training.supervision_coverage_share", "Supervision coverage", Percent),
            new("training.mentoring_pairs_active", "Mentoring pairs active", Count),
            new("training.mentoring_pairs_started", "Mentoring pairs started", Count),
            new("training.completions_by_module", "Completions by module", Count, "module"),
        ]);

    public static readonly BoardSectionSpec Payments = new("payments", "Payments",
        "Fees and expenses paid, claims paid on time and how long they took, budget used, and members who declined payment.",
        [
            new("payments.fees_paid", "Fees paid", Pence),
            new("payments.claims_paid", "Claims paid", Count),
            new("payments.paid_on_time_share", "Claims paid on time", Percent),
            new("payments.days_to_pay_median", "Days to pay (median)", MetricUnit.Days, HigherIsBetter: false),
            new("payments.members_declined_payment", "Members who declined payment", People),
            new("payments.expenses_paid", "Expenses paid", Pence, "expense category"),
            new("payments.budget_used", "Budget used", Pence, "cost centre"),
            new("payments.budget_used_share", "Budget used", Percent, "cost centre"),
        ]);

    public static readonly BoardSectionSpec Impact = new("impact", "Impact",
        "Opportunities with intended outcomes recorded at the start and feedback given at the end, and what members said of taking part.",
        [
            new("impact.outcomes_recorded_share", "Opportunities with intended outcomes recorded", Percent),
            new("impact.feedback_given_share", "Opportunities with feedback given", Percent),
            new("impact.felt_valued_average", "Felt valued (average score)", MetricUnit.Score),
            new("impact.influence_average", "Had influence (average score)", MetricUnit.Score),
            new("impact.support_average", "Felt supported (average score)", MetricUnit.Score),
            new("impact.would_take_part_again_share", "Would take part again", Percent),
        ]);

    public static readonly BoardSectionSpec Requests = new("requests", "Involvement requests",
        "Requests from services and projects to involve experts by experience: received and assessed in the quarter.",
        [
            new("impact.requests_received", "Requests received", Count),
            new("impact.requests_assessed", "Requests assessed", Count),
        ]);

    public static readonly IReadOnlyList<BoardMetricSpec> Flags =
    [
        new("reach.meetings_without_two", "Meetings without two experts by experience", Count, HigherIsBetter: false,
            Meaning: "Meetings held in the quarter with fewer than two experts by experience attending."),
        new("payments.claims_overdue", "Claims overdue for payment", Count, HigherIsBetter: false,
            Meaning: "Approved claims past their payment due date at the end of the quarter."),
        new("training.supervision_gaps", "People without supervision", People, HigherIsBetter: false,
            Meaning: "People who need supervision and had none within the interval."),
    ];

    public static readonly IReadOnlyList<BoardMetricSpec> Headlines =
    [
        Membership.Metrics[0],
        Membership.Metrics[1],
        Reach.Metrics[0],
        Reach.Metrics[4],
        Committees.Metrics[0],
        Training.Metrics[0],
        Payments.Metrics[2],
        Impact.Metrics[1],
    ];

    public static readonly IReadOnlyList<BoardMetricSpec> Trends =
    [
        Membership.Metrics[0],
        Membership.Metrics[1],
        Reach.Metrics[0],
        Reach.Metrics[5],
        Committees.Metrics[0],
        Training.Metrics[0],
        Payments.Metrics[2],
        Requests.Metrics[0],
    ];

    /// <summary>How many quarters the trends cover, the report's own included.</summary>
    public const int TrendQuarters = 8;

    public static readonly string DiversityPool = "diversity.pool_share";
    public static readonly string DiversityInvolved = "diversity.involved_share";
    public static readonly string DiversityPopulation = "diversity.population_share";
    public static readonly string DiversityPoolResponse = "diversity.pool_response";
    public static readonly string DiversityInvolvedResponse = "diversity.involved_response";

    public static IReadOnlyList<string> DiversityCodes =>
        [DiversityPool, DiversityInvolved, DiversityPopulation, DiversityPoolResponse, DiversityInvolvedResponse];

    public static IReadOnlyList<BoardSectionSpec> Sections => [Membership, Reach, Spread, Committees, Training, Payments, Impact, Requests];

    /// <summary>Every metric the report reads for its quarter.</summary>
    public static IReadOnlyList<string> AllCodes =>
        [.. Sections.SelectMany(s => s.Metrics).Concat(Flags).Select(m => m.Code).Concat(DiversityCodes).Distinct(StringComparer.Ordinal)];

    public static IReadOnlyList<string> HistoryCodes =>
        [.. Headlines.Concat(Trends).Select(m => m.Code).Distinct(StringComparer.Ordinal)];
}
