using Microsoft.Extensions.Logging;

namespace Involvement.Training.Enrolments;

/// <summary>Enrolment's log lines: ids and states only, never names.</summary>
internal static partial class EnrolmentLog
{
    [LoggerMessage(EventId = 5200, EventName = "LearnerEnrolled", Level = LogLevel.Information,
        Message = "Enrolment {EnrolmentId} of learner {LearnerId} on session {SessionId}: {State}")]
    public static partial void Enrolled(ILogger logger, Guid enrolmentId, Guid learnerId, Guid sessionId, string state);

    [LoggerMessage(EventId = 5201, EventName = "EnrolmentCancelled", Level = LogLevel.Information,
        Message = "Enrolment {EnrolmentId} on session {SessionId} cancelled")]
    public static partial void Cancelled(ILogger logger, Guid enrolmentId, Guid sessionId);

    [LoggerMessage(EventId = 5202, EventName = "WaitingLearnerPromoted", Level = LogLevel.Information,
        Message = "Enrolment {EnrolmentId} promoted from the waiting list of session {SessionId}")]
    public static partial void Promoted(ILogger logger, Guid enrolmentId, Guid sessionId);
}
