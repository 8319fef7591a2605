using System.Net.Sockets;
using Google.Rpc;
using Grpc.Core;

namespace Involvement.Cli.Errors;

/// <summary>
/// Says on stderr what went wrong, in words and with the details the service sent (field violations, failed
/// preconditions), and picks the exit code. Never a stack trace: the CLI's user can act only on the message.
/// </summary>
public static class FailureReport
{
    public static int Write(Exception exception, string? usage, TextWriter error)
    {
        switch (exception)
        {
            case UsageException usageProblem:
                error.WriteLine($"error: {usageProblem.Message}");
                if (usage is not null)
                {
                    error.WriteLine($"usage: {usage}");
                }

                return ExitCodes.Usage;
            case CredentialsException credentials:
                error.WriteLine($"error: {credentials.Message}");
                return ExitCodes.NotAllowed;
            case Auth.ClientCredentialsException signIn:
                // Unreachable provider: try again later (6); refused or misconfigured client: fix the credentials (5).
                error.WriteLine($"error: signing in with client credentials failed: {signIn.Message}");
                return signIn.ProviderUnavailable ? ExitCodes.Unavailable : ExitCodes.NotAllowed;
            case RpcException rpc:
                return WriteRpc(rpc, error);
            case OperationCanceledException:
                error.WriteLine("error: timed out (or cancelled) waiting for the service.");
                return ExitCodes.Unavailable;
            case HttpRequestException or SocketException:
                // Only the identity provider is called over plain HTTP; gRPC failures arrive as RpcException.
                error.WriteLine($"error: the identity provider could not be reached ({exception.Message}).");
                return ExitCodes.Unavailable;
            case IOException or UnauthorizedAccessException:
                error.WriteLine($"error: {exception.Message}");
                return ExitCodes.Unexpected;
            default:
                error.WriteLine($"error: unexpected {exception.GetType().Name}: {exception.Message}");
                return ExitCodes.Unexpected;
        }
    }

    private static int WriteRpc(RpcException rpc, TextWriter error)
    {
        var code = ExitCodes.For(rpc.StatusCode);
        var what = code switch
        {
            ExitCodes.NotFound => "not found",
            ExitCodes.Refused => "refused",
            ExitCodes.NotAllowed => rpc.StatusCode == StatusCode.Unauthenticated ? "not signed in" : "not allowed",
            ExitCodes.Unavailable => "service unavailable",
            _ => "failed",
        };
        var status = rpc.GetRpcStatus();
        error.WriteLine($"error: {what} ({rpc.StatusCode}): {status?.Message ?? rpc.Status.Detail}");
        if (status?.GetDetail<BadRequest>() is { } badRequest)
        {
            foreach (var v in badRequest.FieldViolations)
            {
                error.WriteLine($"  {v.Field}: {v.Description}");
            }
        }

        if (status?.GetDetail<PreconditionFailure>() is { } failure)
        {
            foreach (var v in failure.Violations)
            {
                error.WriteLine($"  {v.Type} {v.Subject}: {v.Description}");
            }
        }

        return code;
    }
}

/// <summary>No way to obtain a token (no --token, no client credentials, no development signing key): exit 5.</summary>
public sealed class CredentialsException(string message) : Exception(message);
