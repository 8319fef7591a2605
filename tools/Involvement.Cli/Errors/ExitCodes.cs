using Grpc.Core;

namespace Involvement.Cli.Errors;

/// <summary>The exit codes scripts rely on (docs/cli.md). Every failure maps to one of these, in one place.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int Unexpected = 1;
    public const int Usage = 2;
    public const int NotFound = 3;
    public const int Refused = 4;
    public const int NotAllowed = 5;
    public const int Unavailable = 6;

    /// <summary>What a gRPC status means to a script: retry later (6), fix the input (4), fix the credentials (5)...</summary>
    public static int For(StatusCode status) => status switch
    {
        StatusCode.OK => Ok,
        StatusCode.NotFound => NotFound,
        // The service understood the call and refused what it asked for: bad fields, a state that does not allow
        // it, a stale expected version, a duplicate.
        StatusCode.InvalidArgument or StatusCode.FailedPrecondition or StatusCode.OutOfRange
            or StatusCode.AlreadyExists or StatusCode.Aborted => Refused,
        StatusCode.Unauthenticated or StatusCode.PermissionDenied => NotAllowed,
        // Cancelled: the CLI's own time limit (5 minutes) or Ctrl-C ended the call.
        StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.ResourceExhausted or StatusCode.Cancelled => Unavailable,
        _ => Unexpected,
    };
}
