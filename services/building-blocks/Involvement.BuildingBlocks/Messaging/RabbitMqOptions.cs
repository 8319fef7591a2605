namespace Involvement.BuildingBlocks.Messaging;

/// <summary>Section <c>RabbitMq</c>.</summary>
public sealed class RabbitMqOptions
{
    public const string Section = "RabbitMq";

    public string Host { get; set; } = "";

    public int Port { get; set; } = 5672;

    public string VirtualHost { get; set; } = "/";

    public string Username { get; set; } = "";

    public string Password { get; set; } = "";

    /// <summary>Declare this service's queues as quorum queues (replicated; needs a RabbitMQ cluster to matter).</summary>
    public bool QuorumQueues { get; set; }

    /// <summary>The first pause before a receive endpoint reconnects after losing the broker.</summary>
    public TimeSpan ReconnectMinDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The longest pause between reconnect attempts. MassTransit's own backoff grows to 30 s and never resets, so after a
    /// broker restart queues went 16-30 s without a consumer; a few seconds keeps that gap short.
    /// </summary>
    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(5);

    public IEnumerable<string> Problems()
    {
        if (ReconnectMinDelay <= TimeSpan.Zero)
        {
            yield return "RabbitMq__ReconnectMinDelay must be more than zero.";
        }

        if (ReconnectMaxDelay < ReconnectMinDelay || ReconnectMaxDelay > TimeSpan.FromMinutes(5))
        {
            yield return "RabbitMq__ReconnectMaxDelay must be at least RabbitMq__ReconnectMinDelay and at most 00:05:00.";
        }
    }
}
