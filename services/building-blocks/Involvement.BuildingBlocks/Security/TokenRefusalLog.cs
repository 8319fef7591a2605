using Microsoft.Extensions.Logging;

namespace Involvement.BuildingBlocks.Security;

/// <summary>Why a bearer token was refused, for the operator: the caller only ever sees a bare 401.</summary>
internal static partial class TokenRefusalLog
{
    [LoggerMessage(EventId = 1101, EventName = "BearerTokenRefused", Level = LogLevel.Warning,
        Message = "A bearer token was refused by the {Scheme} scheme: {Failure}")]
    public static partial void Refused(ILogger logger, string scheme, string failure);
}
