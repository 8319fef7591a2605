using Microsoft.Extensions.Logging;

namespace Involvement.Training.Supervision;

/// <summary>Supervision's log lines: ids, codes and counts only.</summary>
internal static partial class SupervisionLog
{
    [LoggerMessage(EventId = 5750, EventName = "SupportSessionRecorded", Level = LogLevel.Information,
        Message = "Support session {SupportSessionId} recorded: {Kind}, {Attendees} attending")]
    public static partial void Recorded(ILogger logger, string supportSessionId, Involvement.Training.V1.SupportKind kind, int attendees);
}
