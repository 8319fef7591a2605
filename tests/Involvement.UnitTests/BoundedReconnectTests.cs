using Involvement.BuildingBlocks.Messaging;
using MassTransit;

namespace Involvement.UnitTests;

public sealed class BoundedReconnectTests
{
    [Fact]
    public void The_reconnect_policy_can_still_be_replaced_in_this_MassTransit_version()
    {
        // BoundedReconnect relies on two private names in MassTransit.RabbitMQ 8.5; an upgrade that moves them fails here.
        var bus = Bus.Factory.CreateUsingRabbitMq(cfg => BoundedReconnect.Apply(cfg, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5)));

        Assert.NotNull(bus);
    }

    [Fact]
    public void The_bounded_policy_retries_what_MassTransit_retries()
    {
        var original = Retry.CreatePolicy(r =>
        {
            r.Handle<TimeoutException>();
            r.Immediate(1);
        });

        var bounded = BoundedReconnect.Policy(original, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5));

        Assert.True(bounded.IsHandled(new TimeoutException()));
        Assert.False(bounded.IsHandled(new InvalidOperationException()));
    }
}
