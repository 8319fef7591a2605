using System.Text.RegularExpressions;
using Involvement.ChartTests.Rendering;

namespace Involvement.ChartTests.Policies;

/// <summary>Secrets only by reference: never in a ConfigMap, an env literal or a rendered Secret.</summary>
[Collection(ChartCollection.Name)]
public sealed partial class SecretTests(ChartFixture chart)
{
    [Fact]
    public void Secret_settings_come_only_from_secretKeyRef()
    {
        var v = new Violations("secret env vars from secretKeyRef");
        foreach (var render in chart.All)
        {
            foreach (var w in render.Workloads)
            {
                foreach (var (name, c) in Pods.Containers(w))
                {
                    foreach (var e in c["env"].Objects())
                    {
                        var variable = e["name"]?.ToString() ?? "";
                        if (SecretName().IsMatch(variable) && e["valueFrom"]?["secretKeyRef"] is null)
                            v.Add(render, w, $"{name}: {variable} is not set from a secretKeyRef");
                        if (e["value"]?.ToString() is { } literal && LooksSecret(literal))
                            v.Add(render, w, $"{name}: {variable} holds what looks like a secret");
                    }
                }
            }
        }
        v.AssertNone();
    }

    [Fact]
    public void No_ConfigMap_holds_a_secret()
    {
        var v = new Violations("no secret in a ConfigMap");
        foreach (var render in chart.All)
        {
            foreach (var cm in render.OfKind("ConfigMap"))
            {
                foreach (var (key, value) in Manifest.StringMap(cm.Json["data"]))
                {
                    if (SecretName().IsMatch(key))
                        v.Add(render, cm, $"key {key} names a secret setting");
                    if (LooksSecret(value))
                        v.Add(render, cm, $"{key} holds what looks like a secret");
                }
                if (cm.Json["binaryData"] is not null)
                    v.Add(render, cm, "binaryData cannot be checked for secrets");
            }
        }
        v.AssertNone();
    }

    [Fact]
    public void The_chart_renders_no_Secret()
    {
        var v = new Violations("no rendered Secret");
        foreach (var render in chart.All)
        {
            foreach (var s in render.OfKind("Secret"))
                v.Add(render, s, "the chart creates a Secret: secrets are only referenced (existingSecret)");
        }
        v.AssertNone();
    }

    /// <summary>A password in a connection string or URL, a private key, or a long base64 blob.</summary>
    private static bool LooksSecret(string value) =>
        PasswordInConnectionString().IsMatch(value) || CredentialsInUrl().IsMatch(value)
        || value.Contains("-----BEGIN", StringComparison.Ordinal) || LongBase64().IsMatch(value);

    /// <summary>A setting whose last part names a secret (Auth__SigningKey, not Auth__AllowSigningKeyInProduction).</summary>
    [GeneratedRegex(@"(^|__)(\w*Password|SigningKey|\w*Secret|\w*Token)$|BankDetailsKeys", RegexOptions.IgnoreCase)]
    private static partial Regex SecretName();

    [GeneratedRegex(@"(^|;)\s*(Password|Pwd)\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex PasswordInConnectionString();

    [GeneratedRegex(@"://[^/\s:@]+:[^/\s@]+@")]
    private static partial Regex CredentialsInUrl();

    [GeneratedRegex(@"^[A-Za-z0-9+/]{40,}={0,2}$")]
    private static partial Regex LongBase64();
}
