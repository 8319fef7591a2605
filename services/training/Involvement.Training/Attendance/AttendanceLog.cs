using Microsoft.Extensions.Logging;

namespace Involvement.Training.Attendance;

/// <summary>The register's log lines: ids and counts only.</summary>
internal static partial class AttendanceLog
{
    [LoggerMessage(EventId = 5210, EventName = "AttendanceRecorded", Level = LogLevel.Information,
        Message = "Attendance of {Learners} learners recorded for day {DayNumber} of session {SessionId}")]
    public static partial void Recorded(ILogger logger, Guid sessionId, int dayNumber, int learners);

    [LoggerMessage(EventId = 5211, EventName = "SessionHeld", Level = LogLevel.Information,
        Message = "Session {SessionId} held: {MembersAttended} members and {StaffAttended} staff attended, {AttendancesPaid} attendances to pay")]
    public static partial void Held(ILogger logger, Guid sessionId, int membersAttended, int staffAttended, int attendancesPaid);
}
