using MassTransit;

namespace Involvement.BuildingBlocks.Messaging;

/// <summary>
/// Retries a consumer's failures at its own intervals; after the last, MassTransit moves the message to the
/// endpoint's <c>_error</c> queue, where it waits for a person instead of blocking the queue. An event that breaks its
/// contract goes there at once: retrying cannot mend it.
/// </summary>
public class RetryingConsumerDefinition<TConsumer> : ConsumerDefinition<TConsumer>
    where TConsumer : class, IConsumer
{
    protected virtual TimeSpan[] RetryIntervals { get; } =
        [TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(15)];

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<TConsumer> consumerConfigurator, IRegistrationContext context)
    {
        endpointConfigurator.UseMessageRetry(r =>
        {
            r.Ignore<InvalidEventException>();
            r.Intervals(RetryIntervals);
        });
    }
}
