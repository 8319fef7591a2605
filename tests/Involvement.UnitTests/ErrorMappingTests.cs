using Google.Rpc;
using Grpc.Core;
using Involvement.BuildingBlocks.Errors;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Involvement.UnitTests;

public sealed class ErrorMappingTests
{
    private static RpcException Map(Exception ex, CancellationToken token = default) =>
        ErrorMapping.ToRpcException(ex, new FakeCallContext(token), NullLogger.Instance);

    [Fact]
    public void Validation_failures_become_invalid_argument_with_field_violations()
    {
        var ex = Map(new RequestValidationException([new FieldViolation("given_name", "is required."), new FieldViolation("email", "must be an email address.")]));

        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        var badRequest = ex.GetRpcStatus()!.GetDetail<BadRequest>()!;
        Assert.Equal(["given_name", "email"], badRequest.FieldViolations.Select(v => v.Field));
        Assert.Equal("is required.", badRequest.FieldViolations[0].Description);
        Assert.Contains("given_name is required.", ex.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Unmet_conditions_travel_as_a_precondition_failure()
    {
        var ex = Map(new ConflictException("Cannot join.", [new PreconditionViolation("CRITERION", "code_of_conduct", "Has not agreed the code of conduct.")]));

        Assert.Equal(StatusCode.FailedPrecondition, ex.StatusCode);
        var violation = Assert.Single(ex.GetRpcStatus()!.GetDetail<PreconditionFailure>()!.Violations);
        Assert.Equal(("CRITERION", "code_of_conduct"), (violation.Type, violation.Subject));
        Assert.Contains("Has not agreed", ex.Status.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(nameof(NotFoundException), StatusCode.NotFound)]
    [InlineData(nameof(ConflictException), StatusCode.FailedPrecondition)]
    [InlineData(nameof(AlreadyExistsException), StatusCode.AlreadyExists)]
    [InlineData(nameof(ConcurrencyConflictException), StatusCode.Aborted)]
    public void Domain_exceptions_keep_their_message(string type, StatusCode expected)
    {
        const string message = "Written for the caller.";
        Exception domain = type switch
        {
            nameof(NotFoundException) => new NotFoundException(message),
            nameof(ConflictException) => new ConflictException(message),
            nameof(AlreadyExistsException) => new AlreadyExistsException(message),
            _ => new ConcurrencyConflictException(message),
        };

        var ex = Map(domain);

        Assert.Equal(expected, ex.StatusCode);
        Assert.Equal("Written for the caller.", ex.Status.Detail);
    }

    [Fact]
    public void Unexpected_exceptions_become_internal_without_their_text_and_are_logged()
    {
        var logger = new RecordingLogger();

        var ex = ErrorMapping.ToRpcException(new InvalidOperationException("secret connection string"), new FakeCallContext(), logger);

        Assert.Equal(StatusCode.Internal, ex.StatusCode);
        Assert.DoesNotContain("secret", ex.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("trace id", ex.Status.Detail, StringComparison.Ordinal);
        var entry = Assert.Single(logger.Entries);
        Assert.Equal(LogLevel.Error, entry.Level);
        Assert.IsType<InvalidOperationException>(entry.Exception);
    }

    [Fact]
    public void A_database_that_is_briefly_away_is_unavailable_without_its_text()
    {
        var ex = Map(new NpgsqlException("Failed to connect to 10.0.0.5:5432", new TimeoutException()));

        Assert.Equal(StatusCode.Unavailable, ex.StatusCode);
        Assert.DoesNotContain("10.0.0.5", ex.Status.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(PostgresErrorCodes.SerializationFailure)]
    [InlineData(PostgresErrorCodes.DeadlockDetected)]
    public void Colliding_transactions_are_aborted_so_the_caller_retries(string sqlState)
    {
        Assert.Equal(StatusCode.Aborted, Map(new PostgresException("collision", "ERROR", "ERROR", sqlState)).StatusCode);
    }

    [Fact]
    public void Other_database_errors_are_internal()
    {
        Assert.Equal(StatusCode.Internal, Map(new PostgresException("boom", "ERROR", "ERROR", PostgresErrorCodes.UndefinedTable)).StatusCode);
    }

    [Fact]
    public void Cancellation_by_the_caller_is_cancelled()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        Assert.Equal(StatusCode.Cancelled, Map(new OperationCanceledException(), cts.Token).StatusCode);
    }

    [Fact]
    public void A_cancellation_the_caller_did_not_ask_for_is_internal()
    {
        Assert.Equal(StatusCode.Internal, Map(new OperationCanceledException()).StatusCode);
    }

    [Fact]
    public void Rpc_exceptions_pass_through()
    {
        var original = new RpcException(new Grpc.Core.Status(StatusCode.PermissionDenied, "no"));

        Assert.Same(original, Map(original));
    }

    private sealed class RecordingLogger : ILogger
    {
        public List<(LogLevel Level, Exception? Exception)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Add((logLevel, exception));
    }
}
