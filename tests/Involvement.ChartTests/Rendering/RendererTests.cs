using Involvement.ChartTests.Rendering;

namespace Involvement.ChartTests.Rendering;

/// <summary>
/// The renderer behaves as Helm does where the chart could notice: coalescing, value types, missing keys, required,
/// capabilities, upgrade flags, schema errors. Run against a tiny chart of its own (with helm too, when present).
/// </summary>
[Collection(ChartCollection.Name)]
public sealed class RendererTests(ChartFixture chart) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("chart-render-test").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private RenderResult Render(string template, string values = "", string? schema = null, string[]? files = null, string[]? apis = null, bool upgrade = false)
    {
        Directory.CreateDirectory(Path.Combine(_dir, "templates"));
        File.WriteAllText(Path.Combine(_dir, "Chart.yaml"), "apiVersion: v2\nname: demo\nversion: 1.0.0\nappVersion: \"2.0.0\"\n");
        File.WriteAllText(Path.Combine(_dir, "values.yaml"), "keep: {a: 1, b: two}\ngone: here\nlist: [x]\n");
        File.WriteAllText(Path.Combine(_dir, "templates", "_helpers.tpl"), "{{- define \"demo.name\" -}}{{ .Release.Name }}-{{ .Chart.Name }}{{- end }}\n");
        File.WriteAllText(Path.Combine(_dir, "templates", "cm.yaml"), template);
        if (schema is not null)
            File.WriteAllText(Path.Combine(_dir, "values.schema.json"), schema);
        var valueFiles = new List<string>();
        foreach (var (content, i) in (files ?? [values]).Select((c, i) => (c, i)))
        {
            var f = Path.Combine(_dir, $"v{i}.yaml");
            File.WriteAllText(f, content);
            valueFiles.Add(f);
        }
        return chart.Renderer.Render(new RenderRequest(valueFiles, apis ?? [], upgrade), _dir);
    }

    private const string ConfigMap = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ include \"demo.name\" . }}\ndata:\n";

    [Fact]
    public void Values_coalesce_as_Helm_does_maps_merge_later_files_win_null_deletes()
    {
        var r = Render(ConfigMap + "  a: {{ .Values.keep.a | quote }}\n  b: {{ .Values.keep.b | quote }}\n  gone: {{ .Values.gone | default \"deleted\" | quote }}\n  list: {{ toJson .Values.list | quote }}\n",
            files: ["keep: {b: three}\ngone: null\n", "keep: {b: four}\nlist: [p, q]\n"]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        var data = Manifest.ParseAll(r.Stdout).Single().Json["data"]!;
        Assert.Equal("1", data["a"]!.ToString());
        Assert.Equal("four", data["b"]!.ToString());
        Assert.Equal("deleted", data["gone"]!.ToString());
        Assert.Equal("""["p","q"]""", data["list"]!.ToString());
        Assert.Contains("# Source: demo/templates/cm.yaml", r.Stdout, StringComparison.Ordinal);
        Assert.Equal("involvement-demo", Manifest.ParseAll(r.Stdout).Single().Name);
    }

    [Fact]
    public void Numbers_are_floats_and_missing_keys_render_empty()
    {
        // Helm reads values through JSON: 3 is a float64, so comparing it with an int literal is an error.
        var ok = Render(ConfigMap + "  n: {{ .Values.keep.a | quote }}\n  missing: \"{{ .Values.nope }}\"\n  gt: {{ gt (int .Values.keep.a) 0 | quote }}\n");
        Assert.True(ok.ExitCode == 0, ok.Stderr);
        Assert.Equal("", Manifest.ParseAll(ok.Stdout).Single().Json["data"]!["missing"]!.ToString());
        var bad = Render(ConfigMap + "  gt: {{ gt .Values.keep.a 0 | quote }}\n");
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains("incompatible types for comparison", bad.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Required_and_fail_stop_the_render_with_their_message()
    {
        var r = Render(ConfigMap + "  x: {{ required \"set x.y please\" .Values.x }}\n");
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("execution error at (demo/templates/cm.yaml:", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("set x.y please", r.Stderr, StringComparison.Ordinal);
        var f = Render(ConfigMap + "{{ fail \"no way\" }}\n");
        Assert.NotEqual(0, f.ExitCode);
        Assert.Contains("no way", f.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Capabilities_release_and_helper_functions_are_Helms()
    {
        const string template = ConfigMap
            + "  mon: {{ .Capabilities.APIVersions.Has \"monitoring.coreos.com/v1\" | quote }}\n"
            + "  apps: {{ .Capabilities.APIVersions.Has \"apps/v1\" | quote }}\n"
            + "  upgrade: {{ .Release.IsUpgrade | quote }}\n  install: {{ .Release.IsInstall | quote }}\n"
            + "  ns: {{ .Release.Namespace }}\n  app: {{ .Chart.AppVersion | quote }}\n  tpl: {{ tpl \"{{ .Release.Name }}\" . }}\n"
            + "  lookup: {{ lookup \"v1\" \"Secret\" \"ns\" \"s\" | toJson | quote }}\n  yaml: {{ toYaml .Values.keep | quote }}\n"
            + "  env: {{ hasKey (dict \"a\" 1) \"a\" | quote }}\n";
        var plain = Render(template);
        Assert.True(plain.ExitCode == 0, plain.Stderr);
        var d = Manifest.ParseAll(plain.Stdout).Single().Json["data"]!;
        Assert.Equal("false", d["mon"]!.ToString());
        Assert.Equal("true", d["apps"]!.ToString());
        Assert.Equal("false", d["upgrade"]!.ToString());
        Assert.Equal("true", d["install"]!.ToString());
        Assert.Equal(RenderRequest.Namespace, d["ns"]!.ToString());
        Assert.Equal("2.0.0", d["app"]!.ToString());
        Assert.Equal(RenderRequest.Release, d["tpl"]!.ToString());
        Assert.Equal("{}", d["lookup"]!.ToString());
        Assert.Equal("a: 1\nb: two", d["yaml"]!.ToString());
        var up = Render(template, apis: ["monitoring.coreos.com/v1"], upgrade: true);
        var u = Manifest.ParseAll(up.Stdout).Single().Json["data"]!;
        Assert.Equal("true", u["mon"]!.ToString());
        Assert.Equal("true", u["upgrade"]!.ToString());
        Assert.Equal("false", u["install"]!.ToString());
    }

    [Fact]
    public void Templates_cannot_read_the_environment()
    {
        var r = Render(ConfigMap + "  home: {{ env \"HOME\" | quote }}\n");
        Assert.NotEqual(0, r.ExitCode);
    }

    [Fact]
    public void Empty_documents_are_dropped_and_bad_yaml_is_an_error()
    {
        var r = Render("# only a comment\n---\n" + ConfigMap + "  a: b\n---\n{{- if false }}\nkind: Nothing\n{{- end }}\n");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Single(Manifest.ParseAll(r.Stdout));
        var bad = Render(ConfigMap + "  a: [unclosed\n");
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains("YAML parse error on demo/templates/cm.yaml", bad.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Values_are_checked_against_the_schema_with_Helms_wording()
    {
        const string schema = """{"type": "object", "additionalProperties": false, "properties": {"keep": {"type": "object"}, "gone": {"type": "string"}, "list": {"type": "array"}}}""";
        var r = Render(ConfigMap + "  a: b\n", "gone: 3\nextra: 1\n", schema);
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("values don't meet the specifications of the schema(s) in the following chart(s):", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("gone", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("extra", r.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, Render(ConfigMap + "  a: b\n", "gone: fine\n", schema).ExitCode);
    }
}
