using Involvement.BuildingBlocks.Messaging;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Involvement.BuildingBlocks.Health;

/// <summary>
/// Ready only when the broker accepts an AMQP connection with this service's credentials: the outbox relay publishes
/// over the bus, and a service whose receive endpoints are all up could still be refused by the broker.
/// </summary>
internal sealed class RabbitMqHealthCheck(IOptions<RabbitMqOptions> options, IOptions<HealthOptions> health) : IHealthCheck
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
            RequestedConnectionTimeout = health.Value.CheckTimeout,
            AutomaticRecoveryEnabled = false,
            ClientProvidedName = "involvement-readiness",
        };
        try
        {
            await using var connection = await factory.CreateConnectionAsync(cancellationToken);
            await connection.CloseAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (BrokerUnreachableException ex) when (ex.InnerException is AuthenticationFailureException)
        {
            return HealthCheckResult.Unhealthy("RabbitMQ refused this service's credentials (RabbitMq__Username, RabbitMq__Password)");
        }
        catch (Exception ex) when (ex is BrokerUnreachableException or TimeoutException or System.Net.Sockets.SocketException or OperationInterruptedException)
        {
            return HealthCheckResult.Unhealthy("RabbitMQ is unreachable");
        }
    }
}
