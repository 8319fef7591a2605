namespace Involvement.TestKit;

/// <summary>
/// The one source of truth for each service's RabbitMQ permissions (regexes, as <c>rabbitmqctl set_permissions</c>
/// takes them). scripts/infra.sh grants the same patterns (a unit test compares them), fixtures grant them on each
/// virtual host, the chart renders them and docs/deployment.md explains them.
/// </summary>
/// <remarks>
/// Names they cover, as MassTransit makes them: the service's queues and their endpoint exchanges are kebab-case with
/// the service prefix (<c>reporting-member-registered</c>, plus <c>_error</c> and <c>_skipped</c> queues and exchanges:
/// <c>reporting-member-registered_error</c>); an event's exchange is its full type name
/// (<c>Involvement.Contracts.Recruitment:MemberRegistered</c>), bound exchange-to-exchange to each subscriber's endpoint
/// exchange. Fault&lt;T&gt; publishing is off (nothing consumes faults), so no <c>MassTransit:Fault--…</c> exchange is
/// needed; the bus's temporary <c>_bus_</c> endpoint is created only for request/response, which no service uses.
/// </remarks>
public static class BrokerPermissions
{
    public static readonly IReadOnlyList<ServicePermissions> All =
    [
        For("recruitment", publishes: "Recruitment", consumes: ["Training"]),
        For("payments", publishes: "Payments", consumes: ["Recruitment", "Training"]),
        For("training", publishes: "Training", consumes: ["Recruitment"]),
        For("reporting", publishes: "Reporting", consumes: ["Recruitment", "Payments", "Training"]),
    ];

    public static ServicePermissions Of(string service) =>
        All.SingleOrDefault(p => string.Equals(p.Service, service, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"'{service}' is not one of {string.Join(", ", All.Select(p => p.Service))}", nameof(service));

    private static ServicePermissions For(string service, string publishes, string[] consumes)
    {
        var own = $"{service}-.*";                                    // its queues and endpoint exchanges, _error and _skipped too
        var published = $@"Involvement\.Contracts\.{publishes}:.*";   // its own events' exchanges
        var consumed = $@"Involvement\.Contracts\.({string.Join('|', consumes)}):.*";   // the exchanges of the events it consumes
        return new ServicePermissions(
            service,
            // Declare what it writes or reads: its own queues and exchanges, its events' exchanges, and those of the events
            // it consumes (a subscriber may start before the publisher ever declared them).
            Configure: $"^({own}|{published}|{consumed})$",
            // Publish only its own events (nobody else can forge them); bind into its own endpoint exchanges and queues
            // (write on the destination); move a failed message to its _error queue.
            Write: $"^({own}|{published})$",
            // Consume its own queues; bind from the exchanges of the events it consumes (read on the source).
            Read: $"^({own}|{consumed})$");
    }
}

/// <summary>One service's broker user: the regexes for configure, write and read, in set_permissions order.</summary>
public sealed record ServicePermissions(string Service, string Configure, string Write, string Read)
{
    public string User => Service;

    /// <summary>The password the local infrastructure (scripts/infra.sh dev and test) gives it.</summary>
    public string LocalPassword => $"{Service}-local";
}
