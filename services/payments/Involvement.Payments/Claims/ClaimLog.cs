using Microsoft.Extensions.Logging;

namespace Involvement.Payments.Claims;

/// <summary>The claim lifecycle's log lines: ids, references and amounts only, never names or free text.</summary>
internal static partial class ClaimLog
{
    [LoggerMessage(EventId = 4300, EventName = "ClaimSubmitted", Level = LogLevel.Information,
        Message = "Claim {ClaimId} ({Reference}) submitted for {TotalPence} pence, due {DueOn}")]
    public static partial void Submitted(ILogger logger, Guid claimId, string reference, long totalPence, DateOnly dueOn);

    [LoggerMessage(EventId = 4301, EventName = "ClaimApproved", Level = LogLevel.Information,
        Message = "Claim {ClaimId} ({Reference}) approved for {TotalPence} pence")]
    public static partial void Approved(ILogger logger, Guid claimId, string reference, long totalPence);

    [LoggerMessage(EventId = 4302, EventName = "ClaimRejected", Level = LogLevel.Information,
        Message = "Claim {ClaimId} ({Reference}) rejected")]
    public static partial void Rejected(ILogger logger, Guid claimId, string reference);
}
