using System.Runtime.Serialization;
using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace Involvement.BuildingBlocks.Messaging;

/// <summary>
/// Logs what went wrong with a message by its id and type, never its body: MassTransit's own fault lines (switched
/// off) attach the parser's exception, whose text can quote the message, and a 4 KB stack for each retry.
/// </summary>
internal sealed partial class MessageFaultLog(ILogger<MessageFaultLog> logger) : IReceiveObserver
{
    public Task PreReceive(ReceiveContext context) => Task.CompletedTask;

    public Task PostReceive(ReceiveContext context) => Task.CompletedTask;

    public Task PostConsume<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType)
        where T : class => Task.CompletedTask;

    public Task ConsumeFault<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType, Exception exception)
        where T : class
    {
        if (exception is InvalidEventException invalid)
        {
            LogRejected(logger, typeof(T).Name, context.MessageId, Queue(context.ReceiveContext), invalid.Message);
        }
        else
        {
            // The consumer's own failure (the database away, a bug): its exception is ours and carries no message body.
            LogConsumerFailed(logger, exception, consumerType, typeof(T).Name, context.MessageId);
        }

        return Task.CompletedTask;
    }

    public Task ReceiveFault(ReceiveContext context, Exception exception)
    {
        if (Unreadable(exception) is { } reason)
        {
            LogUnreadable(logger, context.GetMessageId()?.ToString() ?? "none", TypeOf(context), Queue(context), reason);
        }

        return Task.CompletedTask;
    }

    /// <summary>Why a body did not read, in words that cannot contain the body; null when it did read.</summary>
    internal static string? Unreadable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case JsonException json:
                    return json.Path is { Length: > 0 } path ? $"not JSON of the expected shape at {path}" : "not JSON of the expected shape";
                case SerializationException:
                    continue;   // MassTransit's wrapper: the parser's own exception, if any, is inside
                case InvalidEventException or ConsumerException:
                    return null;
            }
        }

        return exception is SerializationException ? "the body could not be read" : null;
    }

    // Events travel on one exchange per type, so the exchange names the type even when the body is unreadable.
    private static string TypeOf(ReceiveContext context) =>
        context is RabbitMqBasicConsumeContext rabbit && !string.IsNullOrEmpty(rabbit.Exchange) ? rabbit.Exchange : "unknown";

    private static string Queue(ReceiveContext context) => context.InputAddress.AbsolutePath.Split('/').Last();

    [LoggerMessage(EventId = 1300, EventName = "MessageUnreadable", Level = LogLevel.Error,
        Message = "Message {MessageId} ({MessageType}) on {Queue} could not be read: {Reason}; it was moved to its _error queue")]
    private static partial void LogUnreadable(ILogger logger, string messageId, string messageType, string queue, string reason);

    [LoggerMessage(EventId = 1301, EventName = "EventRejected", Level = LogLevel.Warning,
        Message = "{MessageType} {MessageId} on {Queue} was refused: {Reason} It was moved to its _error queue")]
    private static partial void LogRejected(ILogger logger, string messageType, Guid? messageId, string queue, string reason);

    [LoggerMessage(EventId = 1302, EventName = "ConsumerFailed", Level = LogLevel.Warning,
        Message = "{Consumer} failed on {MessageType} {MessageId}; it is retried, then moved to the _error queue")]
    private static partial void LogConsumerFailed(ILogger logger, Exception exception, string consumer, string messageType, Guid? messageId);
}
