namespace Involvement.Training.Certificates;

/// <summary>Certificate logs, written after the transaction commits: ids and counts only, never names.</summary>
internal static partial class CertificateLog
{
    [LoggerMessage(EventId = 5330, EventName = "CompletionRecorded", Level = LogLevel.Information,
        Message = "Session {SessionId} completion recorded: {Issued} certificates issued")]
    public static partial void CompletionRecorded(ILogger logger, Guid sessionId, int issued);
}
