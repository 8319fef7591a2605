using Involvement.Contracts;
using Involvement.Contracts.Recruitment;
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
                break;
            case ParticipationRecorded p:
                Attendance(problems, p.ParticipationId, p.OpportunityId, p.SessionId, p.MemberId, p.RateReference, p.Hours);
                break;
            case ParticipationCorrected p:
                Attendance(problems, p.ParticipationId, p.OpportunityId, p.SessionId, p.MemberId, p.RateReference, p.Hours);
                Require(problems, p.Attended || p.Hours == 0, "hours is not 0 although the member did not attend");
                break;
            case CompletionRecordedByHand c:
                Member(problems, c.MemberId);
                Text(problems, "moduleCode", c.ModuleCode);
                Require(problems, c.ExpiresOn is null || c.ExpiresOn >= c.CompletedOn, "expiresOn is before completedOn");
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
    private static void Attendance(List<string> problems, Guid participationId, Guid opportunityId, Guid sessionId, Guid memberId, string rateReference, decimal hours)
    {
        Member(problems, memberId);
        Require(problems, participationId != Guid.Empty && opportunityId != Guid.Empty && sessionId != Guid.Empty,
            "participationId, opportunityId or sessionId is missing");
        Text(problems, "rateReference", rateReference);
        Require(problems, hours is >= 0 and <= 24, $"hours {hours} is not between 0 and 24");
    }

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
        else if (text.Length > maxLength || text.Any(char.IsControl))
        {
            problems.Add($"{field} is longer than {maxLength} characters or not a single line");
        }
    }

    // A code is repeated so the operator can see it, cut short and kept printable so it cannot carry a body.
    private static string Printable(string? code) =>
        code is null ? "null" : new string(code.Take(40).Select(c => char.IsControl(c) ? '?' : c).ToArray());
}
