using Involvement.BuildingBlocks.Messaging;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Involvement.BuildingBlocks.Health;

/// <summary>
/// Ready only when the broker accepts an AMQP connection with this service's credentials. MassTransit's own bus check
/// follows receive endpoints, so a service that only publishes (through the outbox) would look healthy without it.
/// </summary>
internal sealed class RabbitMqHealthCheck(IOptions<RabbitMqOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var o = options.Value;
        var factory = new ConnectionFactory
        {
            HostName = o.Host,
            Port = o.Port,
            VirtualHost = o.VirtualHost,
            UserName = o.Username,
            Password = o.Password,
            RequestedConnectionTimeout = TimeSpan.FromSeconds(5),
            AutomaticRecoveryEnabled = false,
            ClientProvidedName = "involvement-readiness",
        };
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            await using var connection = await factory.CreateConnectionAsync(timeout.Token);
            await connection.CloseAsync(timeout.Token);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is BrokerUnreachableException or OperationCanceledException or TimeoutException or System.Net.Sockets.SocketException or OperationInterruptedException)
        {
            return HealthCheckResult.Unhealthy("RabbitMQ is unreachable.");
        }
    }
}
