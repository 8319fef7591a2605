using System.Reflection;
using MassTransit;
using MassTransit.RabbitMqTransport.Configuration;

namespace Involvement.BuildingBlocks.Messaging;

/// <summary>
/// Bounds how long a receive endpoint waits between attempts to reconnect to the broker. MassTransit 8.5 builds this
/// policy in <see cref="RabbitMqHostConfiguration"/>'s constructor (exponential from 3 s to 30 s, and the count never
/// resets between outages) and offers no setting for it, so the policy is replaced on the host configuration: it keeps
/// MassTransit's own choice of which failures to retry and changes only the pauses. The names it relies on are checked
/// here, at start, and by a unit test, so a MassTransit upgrade that moves them fails loudly instead of silently.
/// </summary>
internal static class BoundedReconnect
{
    private const BindingFlags Instance = BindingFlags.Instance | BindingFlags.NonPublic;

    public static void Apply(IRabbitMqBusFactoryConfigurator bus, TimeSpan min, TimeSpan max)
    {
        var hostField = bus.GetType().GetField("_hostConfiguration", Instance);
        var policyField = typeof(RabbitMqHostConfiguration).GetField($"<{nameof(RabbitMqHostConfiguration.ReceiveTransportRetryPolicy)}>k__BackingField", Instance);
        if (hostField?.GetValue(bus) is not RabbitMqHostConfiguration host || policyField is null)
        {
            throw new InvalidOperationException(
                "This MassTransit version no longer keeps its reconnect policy where Involvement bounds it (see BoundedReconnect).");
        }

        policyField.SetValue(host, Policy(host.ReceiveTransportRetryPolicy, min, max));
    }

    /// <summary>Retries what <paramref name="original"/> retries, pausing from <paramref name="min"/> up to <paramref name="max"/>, for ever.</summary>
    public static IRetryPolicy Policy(IRetryPolicy original, TimeSpan min, TimeSpan max) =>
        Retry.CreatePolicy(r =>
        {
            r.Handle<Exception>(original.IsHandled);
            r.Exponential(int.MaxValue, min, max, min);
        });
}
