using System.Text.RegularExpressions;
using Involvement.ChartTests.Rendering;

namespace Involvement.ChartTests.Schema;

/// <summary>Every rendered object is a valid object of a known kind: what the API server would accept.</summary>
[Collection(ChartCollection.Name)]
public sealed partial class KubernetesSchemaTests(ChartFixture chart)
{
    [Fact]
    public void Every_ci_set_renders()
    {
        Assert.True(chart.Sets.Count > 0, $"no ci/*-values.yaml in {RepositoryPaths.ChartDir}");
        Assert.True(chart.RenderFailures.Count == 0,
            $"rendering with {chart.Renderer.Description} failed:\n" + string.Join("\n\n", chart.RenderFailures));
    }

    [Fact]
    public void Core_objects_read_into_the_Kubernetes_models_with_no_unknown_field()
    {
        var v = new Violations("Kubernetes API schema");
        foreach (var render in chart.All)
        {
            foreach (var obj in render.Objects.Where(o => KubernetesModels.IsCoreKind(o.ApiVersion, o.Kind)))
            {
                if (KubernetesModels.Problem(obj.Json, obj.ApiVersion, obj.Kind) is { } problem)
                    v.Add(render, obj, problem);
            }
        }
        v.AssertNone();
    }

    [Fact]
    public void Operator_resources_match_their_CRD_schemas()
    {
        var v = new Violations("custom resource schema");
        foreach (var render in chart.All)
        {
            foreach (var obj in render.Objects.Where(o => CustomResourceSchemas.IsKnown(o.ApiVersion, o.Kind)))
            {
                if (CustomResourceSchemas.Problem(obj.Json, obj.ApiVersion, obj.Kind) is { } problem)
                    v.Add(render, obj, problem);
            }
        }
        v.AssertNone();
    }

    [Fact]
    public void Every_object_is_of_a_known_apiVersion_and_kind()
    {
        var v = new Violations("known apiVersion and kind");
        foreach (var render in chart.All)
        {
            foreach (var obj in render.Objects)
            {
                if (!KubernetesModels.IsCoreKind(obj.ApiVersion, obj.Kind) && !CustomResourceSchemas.IsKnown(obj.ApiVersion, obj.Kind))
                    v.Add(render, obj, $"unknown apiVersion/kind '{obj.ApiVersion}' '{obj.Kind}'");
            }
        }
        v.AssertNone();
    }

    [Fact]
    public void Names_and_labels_are_valid_and_unique()
    {
        var v = new Violations("valid names and labels");
        foreach (var render in chart.All)
        {
            foreach (var obj in render.Objects)
            {
                // Services and the pods' generated names need DNS labels (63); everything here is held to that.
                if (!DnsLabel().IsMatch(obj.Name))
                    v.Add(render, obj, $"name '{obj.Name}' is not an RFC 1123 label of at most 63 characters");
                if (obj.Json["metadata"]?["namespace"] is { } ns && ns.ToString() != RenderRequest.Namespace)
                    v.Add(render, obj, $"namespace '{ns}' is not the release namespace");
                foreach (var (key, value) in obj.Labels)
                {
                    if (!LabelValue().IsMatch(value))
                        v.Add(render, obj, $"label {key}='{value}' is not a valid label value");
                }
            }
            foreach (var dup in render.Objects.GroupBy(o => (o.ApiVersion.Split('/')[0], o.Kind, o.Name)).Where(g => g.Count() > 1))
                v.Add(render, dup.First(), $"{dup.Count()} objects share this kind and name");
        }
        v.AssertNone();
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")]
    private static partial Regex DnsLabel();

    [GeneratedRegex(@"^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$")]
    private static partial Regex LabelValue();
}
