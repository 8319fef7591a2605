using System.Text.Json.Nodes;
using Involvement.ChartTests.Rendering;

namespace Involvement.ChartTests.Policies;

/// <summary>Pod Security Standards "restricted" on every pod the chart runs (Deployments and hook Jobs).</summary>
[Collection(ChartCollection.Name)]
public sealed class PodSecurityTests(ChartFixture chart)
{
    [Fact]
    public void Every_container_runs_as_non_root()
    {
        CheckContainers("runAsNonRoot", (pod, c) =>
        {
            if (Effective(pod, c, "runAsNonRoot")?.ToString() != "true")
                return "runAsNonRoot is not true (container or pod securityContext)";
            return Effective(pod, c, "runAsUser")?.ToString() == "0" ? "runAsUser is 0" : null;
        });
    }

    [Fact]
    public void Every_container_has_a_read_only_root_filesystem_with_tmp_as_emptyDir()
    {
        CheckContainers("readOnlyRootFilesystem with /tmp emptyDir", (pod, c) =>
        {
            if (c["securityContext"]?["readOnlyRootFilesystem"]?.ToString() != "true")
                return "readOnlyRootFilesystem is not true";
            var emptyDirs = pod["volumes"].Objects().Where(v => v["emptyDir"] is not null).Select(v => v["name"]?.ToString()).ToHashSet();
            return c["volumeMounts"].Objects().Any(m => m["mountPath"]?.ToString() == "/tmp" && emptyDirs.Contains(m["name"]?.ToString()))
                ? null
                : "no emptyDir volume mounted at /tmp";
        });
    }

    [Fact]
    public void No_container_allows_privilege_escalation()
    {
        CheckContainers("allowPrivilegeEscalation false", (_, c) =>
            c["securityContext"]?["allowPrivilegeEscalation"]?.ToString() == "false" ? null : "allowPrivilegeEscalation is not false");
    }

    [Fact]
    public void Every_container_drops_all_capabilities_and_adds_none()
    {
        CheckContainers("capabilities drop ALL", (_, c) =>
        {
            var caps = c["securityContext"]?["capabilities"];
            if (!caps?["drop"].Strings().Contains("ALL") ?? true)
                return "capabilities.drop does not contain ALL";
            return caps?["add"].Strings().Any() == true ? $"capabilities.add: {caps["add"]!.ToJsonString()}" : null;
        });
    }

    [Fact]
    public void Every_container_uses_the_RuntimeDefault_seccomp_profile()
    {
        CheckContainers("seccomp RuntimeDefault", (pod, c) =>
            Effective(pod, c, "seccompProfile")?["type"]?.ToString() == "RuntimeDefault" ? null : "seccompProfile.type is not RuntimeDefault");
    }

    [Fact]
    public void No_pod_mounts_a_service_account_token()
    {
        var v = new Violations("serviceAccount token not automounted");
        foreach (var render in chart.All)
        {
            foreach (var w in render.Workloads)
            {
                var pod = Pods.Spec(w);
                var podSetting = pod["automountServiceAccountToken"]?.ToString();
                var saName = pod["serviceAccountName"]?.ToString() ?? "default";
                var sa = render.OfKind("ServiceAccount").FirstOrDefault(s => s.Name == saName);
                if (podSetting == "false")
                    continue;
                if (podSetting == "true")
                    v.Add(render, w, "automountServiceAccountToken is true");
                else if (sa is null || sa.Json["automountServiceAccountToken"]?.ToString() != "false")
                    v.Add(render, w, $"the pod does not set automountServiceAccountToken: false and its ServiceAccount '{saName}' does not either");
            }
            foreach (var sa in render.OfKind("ServiceAccount"))
            {
                if (sa.Json["automountServiceAccountToken"]?.ToString() != "false")
                    v.Add(render, sa, "automountServiceAccountToken is not false");
            }
        }
        v.AssertNone();
    }

    private static JsonNode? Effective(JsonObject pod, JsonObject container, string field) =>
        container["securityContext"]?[field] ?? pod["securityContext"]?[field];

    private void CheckContainers(string rule, Func<JsonObject, JsonObject, string?> problem)
    {
        var v = new Violations(rule);
        foreach (var render in chart.All)
        {
            foreach (var w in render.Workloads)
            {
                foreach (var (name, c) in Pods.Containers(w))
                {
                    if (problem(Pods.Spec(w), c) is { } p)
                        v.Add(render, w, $"{name}: {p}");
                }
            }
        }
        v.AssertNone();
    }
}
