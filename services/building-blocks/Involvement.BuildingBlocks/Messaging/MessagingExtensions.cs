using Involvement.BuildingBlocks.Configuration;
using Involvement.BuildingBlocks.Hosting;
using Involvement.Contracts;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Involvement.BuildingBlocks.Messaging;

public static class MessagingExtensions
{
    /// <summary>
    /// MassTransit on RabbitMQ with publisher confirms and durable queues named <c>&lt;service&gt;-&lt;consumer&gt;</c>,
    /// the outbox relay, and no usage telemetry: the service talks only to its broker, database and OTLP endpoint.
    /// </summary>
    public static void AddMessaging(this WebApplicationBuilder builder, ServiceInfo service, Action<IBusRegistrationConfigurator>? consumers)
    {
        builder.Services.AddOptions<RabbitMqOptions>().BindConfiguration(RabbitMqOptions.Section);
        builder.Services.AddOptions<OutboxOptions>().BindConfiguration(OutboxOptions.Section);
        builder.Services.AddSingleton(new RequiredSetting("RabbitMq:Host", "the RabbitMQ host name"));
        builder.Services.AddSingleton(new RequiredSetting("RabbitMq:Username", "the RabbitMQ user"));
        builder.Services.AddSingleton(new RequiredSetting("RabbitMq:Password", "the RabbitMQ user's password"));
        builder.Services.AddSingleton(new SettingsCheck(services => services.GetRequiredService<IOptions<RabbitMqOptions>>().Value.Problems()));

        builder.Services.AddMassTransit(x =>
        {
            x.DisableUsageTelemetry();
            x.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(service.Name.ToLowerInvariant(), false));
            x.ConfigureHealthCheckOptions(o =>
            {
                // Not part of readiness: it reports a bus with some endpoints down as Degraded, which gRPC health
                // serves as SERVING. BusReadinessCheck asks the bus itself and counts only "all endpoints ready".
                o.Name = "masstransit-bus";
                o.Tags.Clear();
                o.Tags.Add("masstransit");
            });
            consumers?.Invoke(x);
            x.AddConfigureEndpointsCallback((context, _, endpoint) =>
            {
                // No Fault<T> events: nothing consumes them (a failed message waits in its _error queue), and each would
                // need its own MassTransit:Fault--… exchanges, which a least-privilege broker user may not declare.
                endpoint.PublishFaults = false;
                if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit
                    && context.GetRequiredService<IOptions<RabbitMqOptions>>().Value.QuorumQueues)
                {
                    rabbit.SetQuorumQueue();
                }
            });
            x.UsingRabbitMq((context, bus) =>
            {
                var o = context.GetRequiredService<IOptions<RabbitMqOptions>>().Value;
                bus.Host(o.Host, (ushort)o.Port, o.VirtualHost, $"involvement-{service.Name.ToLowerInvariant()}", h =>
                {
                    h.Username(o.Username);
                    h.Password(o.Password);
                    h.PublisherConfirmation = true;
                });
                BoundedReconnect.Apply(bus, o.ReconnectMinDelay, o.ReconnectMaxDelay);
                bus.ConnectReceiveObserver(new MessageFaultLog(context.GetRequiredService<ILogger<MessageFaultLog>>()));
                // Events are published by their own type only, not also to an exchange for the marker interface.
                bus.Publish<IIntegrationEvent>(p => p.Exclude = true);
                bus.ConfigureJsonSerializerOptions(EventJson.OnTheWire);
                bus.ConfigureEndpoints(context);
            });
        });
        builder.Services.Configure<MassTransitHostOptions>(o =>
        {
            // Start without waiting for the broker: writes still succeed (the outbox holds events) while it is away.
            o.WaitUntilStarted = false;
            o.StopTimeout = TimeSpan.FromSeconds(30);
        });

        builder.Services.AddSingleton<OutboxSignal>();
        builder.Services.AddSingleton<OutboxRelay>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<OutboxRelay>());
    }
}
