using System.Collections.Concurrent;
using Involvement.BuildingBlocks.Messaging;
using Involvement.Contracts;
using MassTransit;

namespace Involvement.TestKit;

/// <summary>
/// A bus of the test's own in a fixture's virtual host: records every <typeparamref name="TEvent"/> published there
/// (on a queue of its own, like any subscriber) and can publish events as another service would.
/// </summary>
public sealed class EventProbe<TEvent> : IEventProbe
    where TEvent : class, IIntegrationEvent
{
    private readonly ConcurrentQueue<TEvent> _received = new();
    private readonly ConcurrentDictionary<Guid, bool> _markers = new();
    private readonly ConcurrentQueue<string> _json = new();
    private readonly IBusControl _bus;
    private readonly string _queue = $"probe-{typeof(TEvent).Name}-{Guid.NewGuid():N}";

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
            cfg.ReceiveEndpoint(_queue, e =>
            {
                e.AutoDelete = true;
                e.Durable = false;
                // One at a time, in queue order: a marker handled means everything queued before it was handled.
                e.PrefetchCount = 1;
                e.ConcurrentMessageLimit = 1;
                e.Handler<TEvent>(context =>
                {
                    _json.Enqueue(context.ReceiveContext.Body.GetString());
                    _received.Enqueue(context.Message);
                    return Task.CompletedTask;
                });
                e.Handler<ProbeMarker>(context =>
                {
                    _markers[context.Message.MarkerId] = true;
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

    /// <summary>
    /// Waits until everything already queued for this probe has been handled: sends a marker behind it and waits for
    /// the marker. Call once the publisher has nothing left to send, then "exactly once" and "not at all" hold.
    /// </summary>
    public async Task FlushAsync()
    {
        var marker = new ProbeMarker(Guid.NewGuid());
        // The address names the queue as the endpoint declared it (transient), or the broker refuses the send.
        var endpoint = await _bus.GetSendEndpoint(new Uri($"queue:{_queue}?durable=false&autodelete=true"));
        await endpoint.Send(marker);
        await Eventually.TrueAsync(() => Task.FromResult(_markers.ContainsKey(marker.MarkerId)), what: "the probe's queue to drain");
    }

    public async ValueTask DisposeAsync() => await _bus.StopAsync();
}

/// <summary>A probe of any event type, as a fixture holds them.</summary>
public interface IEventProbe : IAsyncDisposable
{
    Task FlushAsync();
}

/// <summary>Sent by a probe to its own queue to find out when everything before it has been handled.</summary>
public sealed record ProbeMarker(Guid MarkerId);

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
