using Involvement.BuildingBlocks.Data;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Involvement.UnitTests;

/// <summary>Database__Password keeps the secret out of the connection string, which can then live in a ConfigMap.</summary>
public sealed class DatabasePasswordTests
{
    [Fact]
    public void Database_password_replaces_the_password_in_the_connection_string()
    {
        var effective = Effective("Host=db;Database=involvement_payments;Username=payments;Password=old", "from-a-secret");

        var builder = new NpgsqlConnectionStringBuilder(effective);
        Assert.Equal("from-a-secret", builder.Password);
        Assert.Equal(("db", "involvement_payments", "payments"), (builder.Host, builder.Database, builder.Username));
    }

    [Fact]
    public void Without_it_the_connection_string_is_used_as_it_is()
    {
        Assert.Equal("Host=db;Username=payments;Password=in-it", Effective("Host=db;Username=payments;Password=in-it", null));
        Assert.Null(Effective(null, "x"));
    }

    private static string? Effective(string? connectionString, string? password) =>
        DatabaseOptions.EffectiveConnectionString(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Database"] = connectionString,
            ["Database:Password"] = password,
        }).Build());
}
