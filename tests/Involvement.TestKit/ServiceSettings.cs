namespace Involvement.TestKit;

/// <summary>
/// The configuration a service runs with under test: its own database and the fixture's virtual host, reached as the
/// service's own PostgreSQL role and RabbitMQ user (as in production), never as the admin the tests' probes use.
/// </summary>
public static class ServiceSettings
{
    /// <param name="service">recruitment, payments, training or reporting (any case).</param>
    public static Dictionary<string, string?> For(string service, string database, string virtualHost, int? rabbitMqPort = null)
    {
        var account = BrokerPermissions.Of(service);
        return new()
        {
            // The password comes separately, as from a Secret in production.
            ["ConnectionStrings:Database"] = TestInfrastructure.ServiceConnectionString(account.Service, database),
            ["Database:Password"] = account.LocalPassword,
            ["Database:MigrateOnStart"] = "true",
            ["RabbitMq:Host"] = "127.0.0.1",
            ["RabbitMq:Port"] = (rabbitMqPort ?? TestInfrastructure.RabbitMqPort).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["RabbitMq:VirtualHost"] = virtualHost,
            ["RabbitMq:Username"] = account.User,
            ["RabbitMq:Password"] = account.LocalPassword,
            ["Auth:Issuer"] = TestAuth.Options.Issuer,
            ["Auth:Audience"] = TestAuth.Options.Audience,
            ["Auth:SigningKey"] = TestAuth.Options.SigningKey,
            // Service processes under test run as Production: accepting the test key there must be said explicitly.
            ["Auth:AllowSigningKeyInProduction"] = "true",
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
}

/// <summary>Bank-details keys for tests only: fixed, so a test can encrypt under the older one as a deployment once did.</summary>
public static class TestKeys
{
    public const string Old = "b2xkLWtleS1mb3ItdGVzdHMtb25seS0wMDAwMDAwMDA=";
    public const string Current = "Y3VycmVudC1rZXktZm9yLXRlc3RzLW9ubHktMDAwMDA=";
}
