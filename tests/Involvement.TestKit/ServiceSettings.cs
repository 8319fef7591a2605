namespace Involvement.TestKit;

/// <summary>The configuration a service runs with under test: its own database and the fixture's virtual host.</summary>
public static class ServiceSettings
{
    public static Dictionary<string, string?> For(string database, string virtualHost, int? rabbitMqPort = null) => new()
    {
        ["ConnectionStrings:Database"] = TestInfrastructure.ConnectionString(database),
        ["Database:MigrateOnStart"] = "true",
        ["RabbitMq:Host"] = "127.0.0.1",
        ["RabbitMq:Port"] = (rabbitMqPort ?? TestInfrastructure.RabbitMqPort).ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["RabbitMq:VirtualHost"] = virtualHost,
        ["RabbitMq:Username"] = TestInfrastructure.RabbitMqUser,
        ["RabbitMq:Password"] = TestInfrastructure.RabbitMqPassword,
        ["Auth:Issuer"] = TestAuth.Options.Issuer,
        ["Auth:Audience"] = TestAuth.Options.Audience,
        ["Auth:SigningKey"] = TestAuth.Options.SigningKey,
        ["Outbox:PollInterval"] = "00:00:00.500",
        ["Outbox:MaxBackoff"] = "00:00:02",
        ["Outbox:PublishTimeout"] = "00:00:05",
    };
}
