using Involvement.BuildingBlocks.Errors;
using Involvement.Training.V1;

namespace Involvement.Training.Attendance;

/// <summary>One day's register as a request gives it: each learner once.</summary>
public sealed record ValidAttendance(Guid SessionId, int DayNumber, IReadOnlyList<(Guid LearnerId, bool Attended)> Entries)
{
    public const int MaxEntries = 1000;

    public static ValidAttendance From(RecordAttendanceRequest request, RequestValidator v)
    {
        var sessionId = v.Id("session_id", request.SessionId);
        v.Must(request.DayNumber is >= 1 and <= 1000, "day_number", "must be the number of a day of the session, from 1.");
        v.Must(request.Entries.Count is >= 1 and <= MaxEntries, "entries", $"must hold from 1 to {MaxEntries} learners.");
        var entries = new List<(Guid, bool)>();
        var seen = new HashSet<Guid>();
        for (var i = 0; i < request.Entries.Count && i < MaxEntries; i++)
        {
            var learnerId = v.Id($"entries[{i}].learner_id", request.Entries[i].LearnerId);
            if (learnerId != Guid.Empty && !seen.Add(learnerId))
            {
                v.Add($"entries[{i}].learner_id", "names a learner already in entries; give each learner once.");
            }

            entries.Add((learnerId, request.Entries[i].Attended));
        }

        return new ValidAttendance(sessionId, request.DayNumber, entries);
    }
}
