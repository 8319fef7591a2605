using Involvement.BuildingBlocks.Configuration;
using Microsoft.Extensions.Configuration;

namespace Involvement.UnitTests;

public sealed class SettingsValidatorTests
{
    private static readonly RequiredSetting[] Settings =
    [
        new("ConnectionStrings:Database", "the database"),
        new("Auth:SigningKey", "the signing key", v => v.Length < 32 ? $"is {v.Length} characters; it must be at least 32" : null),
    ];

    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    [Fact]
    public void Complete_configuration_has_no_problems()
    {
        Assert.Empty(SettingsValidator.FindProblems(Config(("ConnectionStrings:Database", "Host=db"), ("Auth:SigningKey", new string('k', 32))), Settings));
    }

    [Fact]
    public void Each_missing_setting_names_its_key_and_environment_variable()
    {
        var problems = SettingsValidator.FindProblems(Config(("ConnectionStrings:Database", "  ")), Settings);

        Assert.Equal(2, problems.Count);
        Assert.Contains("ConnectionStrings:Database is not set (environment variable ConnectionStrings__Database): the database.", problems);
        Assert.Contains("Auth:SigningKey is not set (environment variable Auth__SigningKey): the signing key.", problems);
    }

    [Fact]
    public void A_present_but_unusable_value_says_why()
    {
        var problems = SettingsValidator.FindProblems(Config(("ConnectionStrings:Database", "Host=db"), ("Auth:SigningKey", "short")), Settings);

        Assert.Equal(["Auth:SigningKey is 5 characters; it must be at least 32 (environment variable Auth__SigningKey): the signing key."], problems);
    }

    [Fact]
    public void The_description_names_the_service_and_lists_every_problem()
    {
        var text = SettingsValidator.Describe("Payments", ["a is not set", "b is not set"]);

        Assert.StartsWith("Involvement.Payments cannot start", text, StringComparison.Ordinal);
        Assert.Contains("  - a is not set", text, StringComparison.Ordinal);
        Assert.Contains("  - b is not set", text, StringComparison.Ordinal);
    }
}
