using System.Text.Json.Nodes;
using Involvement.ChartTests.Rendering;
using NJsonSchema;

namespace Involvement.ChartTests.Policies;

/// <summary>values.schema.json accepts the chart's own values and every ci set, and refuses bad values.</summary>
[Collection(ChartCollection.Name)]
public sealed class ValuesSchemaTests(ChartFixture chart)
{
    private static readonly string SchemaFile = Path.Combine(RepositoryPaths.ChartDir, "values.schema.json");

    [Fact]
    public async Task Values_yaml_and_every_ci_set_validate_against_the_schema()
    {
        Assert.True(File.Exists(SchemaFile), $"{SchemaFile} does not exist");
        var schema = await JsonSchema.FromJsonAsync(await File.ReadAllTextAsync(SchemaFile));
        var v = new Violations("values validate against values.schema.json");
        foreach (var set in chart.Sets.Prepend(ValueSet.Defaults()))
        {
            foreach (var error in schema.Validate(set.Values.ToJsonString()))
                v.Add($"ci set '{set.Name}' (NJsonSchema)", $"{error.Path}: {error.Kind}");
            var result = chart.Renderer.Render(new RenderRequest(set.File is null ? [] : [set.File], [], Upgrade: false));
            if (result.Stderr.Contains("values don't meet the specifications", StringComparison.Ordinal))
                v.Add($"ci set '{set.Name}' ({chart.Renderer.Description})", result.Stderr.Trim());
        }
        v.AssertNone();
    }

    [Theory]
    [InlineData("an unknown top-level key", "replicaCount: 3\n", "replicaCount")]
    [InlineData("an unknown key in default", "default:\n  imagePullPolicy: Always\n", "imagePullPolicy")]
    [InlineData("an unknown key in a service", "reporting:\n  replica: 2\n", "replica")]
    [InlineData("a wrong type", "reporting:\n  replicas: three\n", "replicas")]
    [InlineData("a wrong type for a flag", "payments:\n  enabled: \"yes\"\n", "enabled")]
    [InlineData("the tag latest", "default:\n  image:\n    tag: latest\n", "tag")]
    public async Task A_bad_value_is_refused_naming_the_problem(string what, string values, string named)
    {
        Assert.True(File.Exists(SchemaFile), $"{SchemaFile} does not exist");
        var file = Path.Combine(Path.GetTempPath(), $"chart-bad-values-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(file, values);
        try
        {
            var result = chart.Renderer.Render(new RenderRequest([file], [], Upgrade: false));
            Assert.True(result.ExitCode != 0, $"{what} ({values.Trim()}) was accepted by {chart.Renderer.Description}");
            Assert.Contains("values don't meet the specifications", result.Stderr, StringComparison.Ordinal);
            Assert.Contains(named, result.Stderr, StringComparison.Ordinal);

            var schema = await JsonSchema.FromJsonAsync(await File.ReadAllTextAsync(SchemaFile));
            var merged = ValueSet.Coalesce(ValueSet.ReadValues(file), ValueSet.ChartDefaults());
            Assert.True(schema.Validate(merged.ToJsonString()).Count > 0, $"{what} ({values.Trim()}) was accepted by NJsonSchema");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Every_schema_object_refuses_unknown_keys_and_every_value_is_described()
    {
        Assert.True(File.Exists(SchemaFile), $"{SchemaFile} does not exist");
        var v = new Violations("strict, described schema (additionalProperties: false, descriptions)");
        Walk(JsonNode.Parse(File.ReadAllText(SchemaFile)), "#", v);
        v.AssertNone();
    }

    private static void Walk(JsonNode? node, string path, Violations v, bool isProperty = false)
    {
        if (node is JsonObject obj)
        {
            // An object with named properties must close itself (a map instead gives additionalProperties a schema).
            if (obj["properties"] is JsonObject && obj["additionalProperties"] is null && obj["unevaluatedProperties"] is null)
                v.Add("values.schema.json", $"{path} lists properties but does not set additionalProperties");
            if (isProperty && obj["description"] is null && obj["$ref"] is null)
                v.Add("values.schema.json", $"{path} has no description");
            foreach (var (key, child) in obj)
            {
                if (key == "properties" && child is JsonObject properties)
                {
                    foreach (var (name, property) in properties)
                        Walk(property, $"{path}/properties/{name}", v, isProperty: true);
                }
                else
                {
                    Walk(child, $"{path}/{key}", v);
                }
            }
        }
        else if (node is JsonArray array)
        {
            for (var i = 0; i < array.Count; i++)
                Walk(array[i], $"{path}/{i}", v);
        }
    }
}
