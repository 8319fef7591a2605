namespace Involvement.BuildingBlocks.Errors;

// Exceptions a service throws on purpose. Their messages are written for the caller and are returned as-is;
// any other exception is a bug and its text never leaves the service.

/// <summary>One or more request fields are invalid (INVALID_ARGUMENT with google.rpc.BadRequest).</summary>
public sealed class RequestValidationException(IReadOnlyList<FieldViolation> violations)
    : Exception("The request has invalid fields: " + string.Join(", ", violations.Select(v => v.Field)) + ".")
{
    public IReadOnlyList<FieldViolation> Violations { get; } = violations;
}

/// <summary>The thing asked for does not exist (NOT_FOUND).</summary>
public sealed class NotFoundException(string message) : Exception(message);

/// <summary>
/// The request conflicts with the current state (FAILED_PRECONDITION). Unmet conditions, when listed, travel as a
/// google.rpc.PreconditionFailure so a caller can show each one.
/// </summary>
public sealed class ConflictException(string message, IReadOnlyList<PreconditionViolation>? violations = null) : Exception(message)
{
    public IReadOnlyList<PreconditionViolation> Violations { get; } = violations ?? [];
}

/// <param name="Type">What kind of condition, e.g. <c>HOSPITAL_IMPROVER_CRITERION</c>.</param>
/// <param name="Subject">Which one, e.g. <c>recent_service_use</c>.</param>
public sealed record PreconditionViolation(string Type, string Subject, string Description);

/// <summary>The record changed since the caller read it: its expected version is stale (ABORTED; read again and retry).</summary>
public sealed class ConcurrencyConflictException(string message) : Exception(message);

/// <summary>What the request would create already exists (ALREADY_EXISTS).</summary>
public sealed class AlreadyExistsException(string message) : Exception(message);

public sealed record FieldViolation(string Field, string Description);

/// <summary>The caller's role may not do this to this record, e.g. a project lead on another lead's opportunity (PERMISSION_DENIED).</summary>
public sealed class PermissionDeniedException(string message) : Exception(message);
