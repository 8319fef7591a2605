using Involvement.BuildingBlocks.Errors;
using Involvement.BuildingBlocks.Time;
using Involvement.Training.V1;

namespace Involvement.Training.Supervision;

/// <summary>A support session as RecordSupportSession gives it, checked field by field.</summary>
public sealed record ValidSupportSession(SupportKind Kind, SupportFormat Format, DateOnly HeldOn, int DurationMinutes, IReadOnlyList<Guid> AttendeeIds)
{
    public const int MaxAttendees = 50;
    public const int MaxMinutes = 1440;

    public static ValidSupportSession From(RecordSupportSessionRequest request, DateOnly today, RequestValidator v)
    {
        var kind = v.Enum("kind", request.Kind, required: true);
        var format = v.Enum("format", request.Format, required: true);
        var heldOn = ProtoDates.Required(v, "held_on", request.HeldOn);
        v.Must(heldOn <= today, "held_on", "cannot be in the future.");
        v.Must(request.DurationMinutes is >= 1 and <= MaxMinutes, "duration_minutes", $"must be from 1 to {MaxMinutes}.");
        var attendees = request.AttendeeIds.Select((id, i) => v.Id($"attendee_ids[{i}]", id)).ToList();
        v.Must(attendees.Count is >= 1 and <= MaxAttendees, "attendee_ids", $"must list 1 to {MaxAttendees} learners.");
        v.Must(attendees.Distinct().Count() == attendees.Count, "attendee_ids", "names a learner more than once.");
        v.Must(format != SupportFormat.Individual || attendees.Count == 1, "attendee_ids", "an individual session has exactly one attendee.");
        return new(kind, format, heldOn, request.DurationMinutes, attendees);
    }
}
