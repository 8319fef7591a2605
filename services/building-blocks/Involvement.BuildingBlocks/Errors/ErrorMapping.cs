using System.Diagnostics;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Involvement.BuildingBlocks.Errors;

/// <summary>Turns exceptions into gRPC statuses a caller can act on. Unexpected ones become INTERNAL without their text.</summary>
public static partial class ErrorMapping
{
    public static RpcException ToRpcException(Exception exception, ServerCallContext context, ILogger logger)
    {
        switch (exception)
        {
            case RpcException rpc:
                return rpc;
            case RequestValidationException invalid:
                var badRequest = new BadRequest();
                badRequest.FieldViolations.AddRange(invalid.Violations.Select(v =>
                    new BadRequest.Types.FieldViolation { Field = v.Field, Description = v.Description }));
                return new Google.Rpc.Status
                {
                    Code = (int)Code.InvalidArgument,
                    Message = invalid.Message + " " + string.Join(" ", invalid.Violations.Select(v => $"{v.Field} {v.Description}")),
                    Details = { Any.Pack(badRequest) },
                }.ToRpcException();
            case NotFoundException notFound:
                return Plain(StatusCode.NotFound, notFound.Message);
            case ConflictException { Violations.Count: > 0 } conflict:
                var failure = new PreconditionFailure();
                failure.Violations.AddRange(conflict.Violations.Select(v =>
                    new PreconditionFailure.Types.Violation { Type = v.Type, Subject = v.Subject, Description = v.Description }));
                return new Google.Rpc.Status
                {
                    Code = (int)Code.FailedPrecondition,
                    Message = conflict.Message + " " + string.Join(" ", conflict.Violations.Select(v => v.Description)),
                    Details = { Any.Pack(failure) },
                }.ToRpcException();
            case ConflictException conflict:
                return Plain(StatusCode.FailedPrecondition, conflict.Message);
            case ConcurrencyConflictException stale:
                return Plain(StatusCode.Aborted, stale.Message);
            case PermissionDeniedException denied:
                return Plain(StatusCode.PermissionDenied, denied.Message);
            case AlreadyExistsException exists:
                return Plain(StatusCode.AlreadyExists, exists.Message);
            case PostgresException { SqlState: PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected }:
                return Plain(StatusCode.Aborted, "The change collided with another one at the same moment; retry it.");
            case NpgsqlException { IsTransient: true }:
                LogTransient(logger, exception, context.Method);
                return Plain(StatusCode.Unavailable, "The service's database is briefly unavailable; retry shortly.");
            case OperationCanceledException when context.CancellationToken.IsCancellationRequested:
                return Plain(StatusCode.Cancelled, "The call was cancelled by the caller.");
            default:
                var traceId = Activity.Current?.TraceId.ToString() ?? "none";
                LogUnexpected(logger, exception, context.Method, traceId);
                return Plain(StatusCode.Internal, $"An unexpected error occurred. Quote trace id {traceId} when reporting it.");
        }
    }

    [LoggerMessage(EventId = 1001, EventName = "DatabaseUnavailable", Level = LogLevel.Warning,
        Message = "The database was unavailable during {Method}")]
    private static partial void LogTransient(ILogger logger, Exception exception, string method);

    private static RpcException Plain(StatusCode code, string message) => new(new Grpc.Core.Status(code, message), message);

    [LoggerMessage(EventId = 1000, EventName = "UnexpectedError", Level = LogLevel.Error,
        Message = "Unexpected error in {Method} (trace {TraceId})")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string method, string traceId);
}
