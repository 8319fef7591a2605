using Microsoft.Extensions.Logging;

namespace Involvement.Training.Mentoring;

/// <summary>Mentoring's log lines: ids and dates only, never names.</summary>
internal static partial class MentoringLog
{
    [LoggerMessage(EventId = 5740, EventName = "MentoringPairStarted", Level = LogLevel.Information,
        Message = "Mentoring pairing {PairingId} started: mentor {MentorId}, mentee {MenteeId}")]
    public static partial void Started(ILogger logger, string pairingId, string mentorId, string menteeId);

    [LoggerMessage(EventId = 5741, EventName = "MentoringPairEnded", Level = LogLevel.Information,
        Message = "Mentoring pairing {PairingId} ended")]
    public static partial void Ended(ILogger logger, string pairingId);
}
