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
        // Payments' bank-details key ring (other services ignore it): an older key and the current one, so rotation has
        // somewhere to move from.
        ["Payments:BankDetailsKeys:test-old"] = TestKeys.Old,
        ["Payments:BankDetailsKeys:test-current"] = TestKeys.Current,
        ["Payments:BankDetailsCurrentKeyId"] = "test-current",
        ["Outbox:PublishTimeout"] = "00:00:05",
    };
}

/// <summary>Bank-details keys for tests only: fixed, so a test can encrypt under the older one as a deployment once did.</summary>
public static class TestKeys
{
    public const string Old = "b2xkLWtleS1mb3ItdGVzdHMtb25seS0wMDAwMDAwMDA=";
    public const string Current = "Y3VycmVudC1rZXktZm9yLXRlc3RzLW9ubHktMDAwMDA=";
}
