using Involvement.BuildingBlocks.Errors;
using Involvement.Contracts;
using Involvement.Contracts.Payments;
using Involvement.Contracts.Recruitment;
using Involvement.Contracts.Reporting;
using Involvement.Contracts.Training;

namespace Involvement.BuildingBlocks.Messaging;

/// <summary>
/// What docs/events.md promises about each event, checked before a consumer acts on one: a well-formed event with a
/// value outside its contract (an unknown code, a level of 99) is refused rather than counted. Problems name the field
/// and the rule; they repeat a value only when it is a code or a number, never free text such as a name.
/// </summary>
public static class EventContract
{
    public static readonly IReadOnlyList<string> MemberStatuses = ["applicant", "active", "paused", "left"];

    public static readonly IReadOnlyList<string> PaymentMethods = ["bank_transfer", "vouchers"];

    public static readonly IReadOnlyList<string> ExpenseCategories =
        ["mileage", "fare", "parking", "childcare", "replacement_care", "personal_assistant", "subsistence", "sundries"];

    public static readonly IReadOnlyList<string> TrainingAudiences = ["service_users_and_carers", "staff", "both"];

    public static readonly IReadOnlyList<string> SupportKinds = ["administrative", "supervision", "emotional"];

    public static readonly IReadOnlyList<string> SupportFormats = ["individual", "group"];

    public static readonly IReadOnlyList<string> LearnerKinds = ["member", "staff"];

    public static readonly IReadOnlyList<string> EngagementRungs = ["inform", "consult", "involve", "collaborate", "co_produce"];
    public static readonly IReadOnlyList<string> PaymentPreferences = ["bank_transfer", "vouchers", "expenses_only", "declined"];

    public static readonly IReadOnlyList<string> Schemes = ["patient_partner", "hospital_improver", "expert_by_experience", "volunteer", "peer_worker"];
    public static readonly IReadOnlyList<string> SnapshotReasons = ["scheduled", "quarter_end", "requested"];

    public static readonly IReadOnlyList<string> FigureStatuses = ["shown", "suppressed", "not_deployed", "no_data"];

    public static IReadOnlyList<string> Problems(IIntegrationEvent e)
    {
        var problems = new List<string>();
        Require(problems, e.EventId != Guid.Empty, "eventId is missing");
        Require(problems, e.OccurredAt != default, "occurredAt is missing");
        Require(problems, e.AggregateVersion >= 1, $"aggregateVersion {e.AggregateVersion} is below 1");
        switch (e)
        {
            case MemberRegistered m:
                Member(problems, m.MemberId);
                Name(problems, "displayName", m.DisplayName);
                Code(problems, "livedExperienceType", m.LivedExperienceType, LivedExperienceTypes.All);
                Level(problems, "involvementLevel", m.InvolvementLevel);
                Require(problems, m.RegisteredAt != default, "registeredAt is missing");
                OptionalText(problems, "careGroup", m.CareGroup);
                OptionalText(problems, "locality", m.Locality);
                break;
            case MemberUpdated m:
                Member(problems, m.MemberId);
                Name(problems, "displayName", m.DisplayName);
                OptionalText(problems, "careGroup", m.CareGroup);
                OptionalText(problems, "locality", m.Locality);
                break;
            case MemberErased m:
                Member(problems, m.MemberId);
                break;
            case MemberLevelChanged m:
                Member(problems, m.MemberId);
                Level(problems, "involvementLevel", m.InvolvementLevel);
                Level(problems, "previousLevel", m.PreviousLevel);
                break;
            case MemberStatusChanged m:
                Member(problems, m.MemberId);
                Code(problems, "status", m.Status, MemberStatuses);
                Code(problems, "previousStatus", m.PreviousStatus, MemberStatuses);
                break;
            case TrainingCompleted t:
                Member(problems, t.MemberId);
                Text(problems, "moduleCode", t.ModuleCode);
                Require(problems, t.ExpiresOn is null || t.ExpiresOn >= t.CompletedOn, "expiresOn is before completedOn");
                break;
            case TrainingExpired t:
                Member(problems, t.MemberId);
                Text(problems, "moduleCode", t.ModuleCode);
                Require(problems, t.CompletedOn is null || t.CompletedOn < t.ExpiredOn, "completedOn is not before expiredOn");
                break;
            case TrainingRenewalDue t:
                Member(problems, t.MemberId);
                Require(problems, t.CertificateId != Guid.Empty, "certificateId is missing");
                Text(problems, "moduleCode", t.ModuleCode);
                break;
            case TrainingAttendanceRecorded t:
                Attendance(problems, t.AttendanceId, t.SessionId, t.SessionId, t.MemberId, t.RateReference, t.Hours, maxHours: 24 * 14);
                Text(problems, "moduleCode", t.ModuleCode);
                OptionalText(problems, "costCentre", t.CostCentre);
                break;
            case TrainingSessionHeld t:
                Require(problems, t.SessionId != Guid.Empty, "sessionId is missing");
                Text(problems, "moduleCode", t.ModuleCode);
                Code(problems, "audience", t.Audience, TrainingAudiences);
                Require(problems, t.MembersAttended >= 0 && t.StaffAttended >= 0, "membersAttended or staffAttended is negative");
                break;
            case SupervisionRecorded s:
                Require(problems, s.SupportSessionId != Guid.Empty, "supportSessionId is missing");
                Code(problems, "kind", s.Kind, SupportKinds);
                Code(problems, "format", s.Format, SupportFormats);
                Require(problems, s.MemberIds is not null && s.MemberIds.All(m => m != Guid.Empty), "memberIds is missing or holds an empty id");
                Require(problems, s.StaffAttended >= 0, "staffAttended is negative");
                break;
            case MentoringPairStarted m:
                Member(problems, m.MenteeMemberId);
                Require(problems, m.PairingId != Guid.Empty && m.MentorId != Guid.Empty, "pairingId or mentorId is missing");
                Code(problems, "mentorKind", m.MentorKind, LearnerKinds);
                break;
            case MentoringPairEnded m:
                Member(problems, m.MenteeMemberId);
                Require(problems, m.PairingId != Guid.Empty && m.MentorId != Guid.Empty, "pairingId or mentorId is missing");
                Require(problems, m.EndedOn >= m.StartedOn, "endedOn is before startedOn");
                break;
            case ParticipationRecorded p:
                Attendance(problems, p.ParticipationId, p.OpportunityId, p.SessionId, p.MemberId, p.RateReference, p.Hours);
                break;
            case ParticipationCorrected p:
                Attendance(problems, p.ParticipationId, p.OpportunityId, p.SessionId, p.MemberId, p.RateReference, p.Hours);
                Require(problems, p.Attended || p.Hours == 0, "hours is not 0 although the member did not attend");
                break;
            case ClaimSubmitted c:
                Claim(problems, c.ClaimId, c.ClaimReference, c.MemberId, c.Amounts);
                Code(problems, "paymentMethod", c.PaymentMethod, PaymentMethods);
                Require(problems, c.DueOn >= c.SubmittedOn, "dueOn is before submittedOn");
                break;
            case ClaimApproved c:
                Claim(problems, c.ClaimId, c.ClaimReference, c.MemberId, c.Amounts);
                Code(problems, "paymentMethod", c.PaymentMethod, PaymentMethods);
                Require(problems, c.DueOn >= c.SubmittedOn, "dueOn is before submittedOn");
                Require(problems, c.ApprovedOn >= c.SubmittedOn, "approvedOn is before submittedOn");
                break;
            case ClaimRejected c:
                Claim(problems, c.ClaimId, c.ClaimReference, c.MemberId, c.Amounts);
                Require(problems, c.SubmittedOn is null || c.RejectedOn >= c.SubmittedOn, "rejectedOn is before submittedOn");
                break;
            case ClaimPaid c:
                Claim(problems, c.ClaimId, c.ClaimReference, c.MemberId, c.Amounts);
                Code(problems, "paymentMethod", c.PaymentMethod, PaymentMethods);
                Require(problems, c.PaymentRunId != Guid.Empty, "paymentRunId is missing");
                Require(problems, c.DueOn >= c.SubmittedOn, "dueOn is before submittedOn");
                Require(problems, c.PaidOnTime == (c.PaidOn <= c.DueOn), "paidOnTime does not match paidOn and dueOn");
                break;
            case PaymentRunConfirmed r:
                Require(problems, r.PaymentRunId != Guid.Empty, "paymentRunId is missing");
                Text(problems, "reference", r.Reference);
                Code(problems, "paymentMethod", r.PaymentMethod, PaymentMethods);
                Require(problems, r.ClaimCount >= 0 && r.ReturnedCount >= 0, "claimCount or returnedCount is negative");
                Require(problems, r.PaidOnTimeCount >= 0 && r.PaidOnTimeCount <= r.ClaimCount, $"paidOnTimeCount {r.PaidOnTimeCount} is not between 0 and claimCount");
                break;
            case BudgetThresholdReached b:
                Text(problems, "costCentre", b.CostCentre, 50);
                Require(problems, b.FinancialYear is >= 2000 and <= 2100, $"financialYear {b.FinancialYear} is not between 2000 and 2100");
                Require(problems, b.Percent > 0, $"percent {b.Percent} is not above 0");
                Require(problems, b.AllocatedPence >= 0, "allocatedPence is negative");
                break;
            case SchemeMembershipStarted s:
                Member(problems, s.MemberId);
                Require(problems, s.MembershipId != Guid.Empty, "membershipId is missing");
                Code(problems, "scheme", s.Scheme, Schemes);
                break;
            case SchemeMembershipEnded s:
                Member(problems, s.MemberId);
                Require(problems, s.MembershipId != Guid.Empty, "membershipId is missing");
                Code(problems, "scheme", s.Scheme, Schemes);
                break;
            case EqualitySnapshot s:
                Require(problems, IsNhsQuarter(s.PeriodStart, s.PeriodEnd), "periodStart and periodEnd are not one NHS quarter");
                Require(problems, s.PoolMembers >= 0 && s.InvolvedMembers >= 0, "poolMembers or involvedMembers is negative");
                foreach (var count in (s.Pool ?? []).Concat(s.Involved ?? []))
                {
                    Text(problems, "question", count?.Question, 60);
                    Text(problems, "answer", count?.Answer, 100);
                    Require(problems, count is null || count.Members >= 0, "members is negative");
                }

                Require(problems, s.Pool is not null && s.Involved is not null, "pool or involved is missing");
                break;
            case InvolvementRequestSubmitted r:
                Require(problems, r.RequestId != Guid.Empty, "requestId is missing");
                Require(problems, r.SubmittedAt != default, "submittedAt is missing");
                break;
            case InvolvementRequestAssessed r:
                Require(problems, r.RequestId != Guid.Empty, "requestId is missing");
                Require(problems, r.SubmittedAt != default, "submittedAt is missing");
                Code(problems, "recommendedRung", r.RecommendedRung, EngagementRungs);
                break;
            case QuestionnaireSubmitted q:
                Require(problems, q.OpportunityId != Guid.Empty, "opportunityId is missing");
                Score(problems, "feltValued", q.FeltValued);
                Score(problems, "influence", q.Influence);
                Score(problems, "support", q.Support);
                break;
            case ImpactRecorded i:
                Require(problems, i.OpportunityId != Guid.Empty, "opportunityId is missing");
                Require(problems, i.IntendedOutcomes >= 0 && i.Achieved >= 0 && i.PartlyAchieved >= 0 && i.NotAchieved >= 0 && i.FeedbackGiven >= 0,
                    "intendedOutcomes, achieved, partlyAchieved, notAchieved or feedbackGiven is negative");
                Require(problems, i.Publishable is not null && i.Publishable.All(f => f is not null && f.FeedbackId != Guid.Empty),
                    "publishable is missing or holds feedback without a feedbackId");
                foreach (var f in (i.Publishable ?? []).Where(f => f is not null))
                {
                    Require(problems, !string.IsNullOrWhiteSpace(f.WeSaid) && !string.IsNullOrWhiteSpace(f.WeDid), "publishable weSaid or weDid is missing");
                }
                break;
            case StaffTrainingCompleted t:
                Require(problems, t.StaffLearnerId != Guid.Empty, "staffLearnerId is missing");
                Text(problems, "moduleCode", t.ModuleCode);
                break;
            case BudgetAllocated b:
                Text(problems, "costCentre", b.CostCentre, 50);
                Require(problems, b.FinancialYear is >= 2000 and <= 2100, $"financialYear {b.FinancialYear} is not between 2000 and 2100");
                Require(problems, b.AllocatedPence >= 0, "allocatedPence is negative");
                break;
            case PaymentPreferenceChanged p:
                Member(problems, p.MemberId);
                Code(problems, "preference", p.Preference, PaymentPreferences);
                break;
            case CompletionRecordedByHand c:
                Member(problems, c.MemberId);
                Text(problems, "moduleCode", c.ModuleCode);
                Require(problems, c.ExpiresOn is null || c.ExpiresOn >= c.CompletedOn, "expiresOn is before completedOn");
                break;
            case MetricsSnapshotPublished s:
                Require(problems, s.FinancialYear is >= 2000 and <= 2100, $"financialYear {s.FinancialYear} is not between 2000 and 2100");
                Require(problems, s.Quarter is >= 0 and <= 4, $"quarter {s.Quarter} is not between 0 and 4");
                Code(problems, "reason", s.Reason, SnapshotReasons);
                Require(problems, s.Figures is not null, "figures is missing");
                foreach (var f in s.Figures ?? [])
                {
                    Text(problems, "figures.metricCode", f.MetricCode);
                    Code(problems, "figures.status", f.Status, FigureStatuses);
                }

                break;
        }

        return problems;
    }

    private static void Require(List<string> problems, bool ok, string problem)
    {
        if (!ok)
        {
            problems.Add(problem);
        }
    }

    // Payments pays from attendance: the ids it keys on, the rate and a plausible number of hours (numeric(5,2) there).
    private static void Attendance(List<string> problems, Guid participationId, Guid opportunityId, Guid sessionId, Guid memberId, string rateReference, decimal hours,
        int maxHours = 24)
    {
        Member(problems, memberId);
        Require(problems, participationId != Guid.Empty && opportunityId != Guid.Empty && sessionId != Guid.Empty,
            "participationId, opportunityId or sessionId is missing");
        Text(problems, "rateReference", rateReference);
        Require(problems, hours >= 0 && hours <= maxHours, $"hours {hours} is not between 0 and {maxHours}");
    }

    // Reporting adds these up: the parts must make the totals, in the documented codes.
    private static void Claim(List<string> problems, Guid claimId, string reference, Guid memberId, ClaimAmounts? amounts)
    {
        Member(problems, memberId);
        Require(problems, claimId != Guid.Empty, "claimId is missing");
        Text(problems, "claimReference", reference, 40);
        if (amounts is null)
        {
            problems.Add("amounts is missing");
            return;
        }

        Require(problems, amounts.TotalPence == amounts.FeesPence + amounts.ExpensesPence, "amounts.totalPence is not feesPence plus expensesPence");
        var byCategory = amounts.ExpensesByCategoryPence ?? new Dictionary<string, long>();
        Require(problems, byCategory.Values.Sum() == amounts.ExpensesPence, "amounts.expensesByCategoryPence does not add up to expensesPence");
        foreach (var category in byCategory.Keys)
        {
            Code(problems, "amounts.expensesByCategoryPence", category, ExpenseCategories);
        }

        Require(problems, amounts.BookedByTrustPence >= 0, "amounts.bookedByTrustPence is negative");
        var costCentres = amounts.CostCentres ?? [];
        foreach (var costCentre in costCentres)
        {
            Text(problems, "amounts.costCentres.costCentre", costCentre?.CostCentre, 50);
        }

        Require(problems, costCentres.Sum(c => c?.AmountPence ?? 0) == amounts.FeesPence + amounts.ExpensesPence + amounts.BookedByTrustPence,
            "amounts.costCentres do not add up to fees, expenses and booked travel");
    }

    private static bool IsNhsQuarter(DateOnly start, DateOnly end)
    {
        var year = Time.FinancialYear.Of(start);
        return year.Quarter(Time.FinancialYear.QuarterOf(start)) == (start, end);
    }

    private static void Score(List<string> problems, string field, int score) =>
        Require(problems, score is >= 1 and <= 5, $"{field} {score} is not a score from 1 to 5");

    private static void Member(List<string> problems, Guid memberId) => Require(problems, memberId != Guid.Empty, "memberId is missing");

    private static void Level(List<string> problems, string field, int level) =>
        Require(problems, level is >= 1 and <= 7, $"{field} {level} is not a pyramid level (1-7)");

    private static void Code(List<string> problems, string field, string? code, IReadOnlyList<string> allowed) =>
        Require(problems, code is not null && allowed.Contains(code, StringComparer.Ordinal),
            $"{field} '{Printable(code)}' is not one of {string.Join(", ", allowed)}");

    // Free text is checked but never repeated: it may be a person's name.
    private static void Name(List<string> problems, string field, string? text) => Text(problems, field, text, 300);

    private static void OptionalText(List<string> problems, string field, string? text)
    {
        if (text is not null)
        {
            Text(problems, field, text);
        }
    }

    private static void Text(List<string> problems, string field, string? text, int maxLength = 100)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            problems.Add($"{field} is missing");
        }
        else if (text.Length > maxLength || TextCharacters.FirstRefusedInLine(text) is not null)
        {
            problems.Add($"{field} is longer than {maxLength} characters or not a single line");
        }
    }

    // A code is repeated so the operator can see it, cut short and kept printable so it cannot carry a body.
    private static string Printable(string? code) =>
        code is null ? "null" : new string(code.Take(40).Select(c => char.IsControl(c) ? '?' : c).ToArray());
}
