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
internal sealed class RabbitMqHealthCheck(IOptions<RabbitMqOptions> options, TimeProvider clock) : IHealthCheck, IDisposable
{
    // Health is anonymous: reuse a recent answer so probes cannot turn into a stream of broker connections.
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(2);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (HealthCheckResult Result, DateTimeOffset At)? _last;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_last is { } last && clock.GetUtcNow() - last.At < CacheFor)
            {
                return last.Result;
            }

            var result = await ConnectAsync(cancellationToken);
            _last = (result, clock.GetUtcNow());
            return result;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private async Task<HealthCheckResult> ConnectAsync(CancellationToken cancellationToken)
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
