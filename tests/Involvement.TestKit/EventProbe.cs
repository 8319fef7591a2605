using System.Collections.Concurrent;
using Involvement.BuildingBlocks.Messaging;
using Involvement.Contracts;
using MassTransit;

namespace Involvement.TestKit;

/// <summary>
/// A bus of the test's own in a fixture's virtual host: records every <typeparamref name="TEvent"/> published there
/// (on a queue of its own, like any subscriber) and can publish events as another service would.
/// </summary>
public sealed class EventProbe<TEvent> : IAsyncDisposable
    where TEvent : class, IIntegrationEvent
{
    private readonly ConcurrentQueue<TEvent> _received = new();
    private readonly ConcurrentQueue<string> _json = new();
    private readonly IBusControl _bus;

    internal EventProbe(string virtualHost, int port)
    {
        _bus = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host("127.0.0.1", (ushort)port, virtualHost, h =>
            {
                h.Username(TestInfrastructure.RabbitMqUser);
                h.Password(TestInfrastructure.RabbitMqPassword);
            });
            cfg.Publish<IIntegrationEvent>(p => p.Exclude = true);
            cfg.ConfigureJsonSerializerOptions(EventJson.OnTheWire);
            cfg.ReceiveEndpoint($"probe-{typeof(TEvent).Name}-{Guid.NewGuid():N}", e =>
            {
                e.AutoDelete = true;
                e.Durable = false;
                e.Handler<TEvent>(context =>
                {
                    _json.Enqueue(context.ReceiveContext.Body.GetString());
                    _received.Enqueue(context.Message);
                    return Task.CompletedTask;
                });
            });
        });
    }

    public IReadOnlyCollection<TEvent> Received => _received;

    /// <summary>Each event's envelope as it travelled, for checking the wire format other languages read.</summary>
    public IReadOnlyCollection<string> ReceivedJson => _json;

    internal async Task StartAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _bus.StartAsync(timeout.Token);
    }

    /// <summary>Publishes an event the way the outbox relay does: the event id is the message id.</summary>
    public Task PublishAsync<T>(T integrationEvent)
        where T : class, IIntegrationEvent =>
        _bus.Publish(integrationEvent, context => context.MessageId = integrationEvent.EventId);

    public async Task<TEvent> WaitForAsync(Func<TEvent, bool> match, TimeSpan? timeout = null)
    {
        await Eventually.TrueAsync(() => Task.FromResult(_received.Any(match)), timeout, $"a {typeof(TEvent).Name} event");
        return _received.First(match);
    }

    public async ValueTask DisposeAsync() => await _bus.StopAsync();
}

public static class EventProbe
{
    public static async Task<EventProbe<TEvent>> StartAsync<TEvent>(string virtualHost, int? port = null)
        where TEvent : class, IIntegrationEvent
    {
        var probe = new EventProbe<TEvent>(virtualHost, port ?? TestInfrastructure.RabbitMqPort);
        await probe.StartAsync();
        return probe;
    }
}
