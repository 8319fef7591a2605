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
}
