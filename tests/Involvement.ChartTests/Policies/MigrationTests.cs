using Involvement.ChartTests.Rendering;

namespace Involvement.ChartTests.Policies;

/// <summary>Migrations run once per release as a pre-install,pre-upgrade hook Job per enabled service; never at start.</summary>
[Collection(ChartCollection.Name)]
public sealed class MigrationTests(ChartFixture chart)
{
    [Fact]
    public void Every_enabled_service_has_a_pre_install_pre_upgrade_hook_Job_running_migrate()
    {
        var v = new Violations("migration Job per enabled service");
        foreach (var render in chart.All)
        {
            foreach (var service in render.Set.EnabledServices)
            {
                var jobs = render.OfKind("Job").Where(j => j.Service == service).ToList();
                if (jobs.Count != 1)
                {
                    v.Add(render, null, $"{service}: {jobs.Count} Jobs, expected one migration Job");
                    continue;
                }
                var job = jobs[0];
                if (!job.Hooks.Contains("pre-install") || !job.Hooks.Contains("pre-upgrade"))
                    v.Add(render, job, $"helm.sh/hook is '{string.Join(',', job.Hooks)}', expected pre-install,pre-upgrade");
                var containers = Pods.MainContainers(job).ToList();
                if (containers.Count != 1 || containers[0]["command"] is not null || containers[0]["args"]?.ToJsonString() != """["migrate"]""")
                    v.Add(render, job, "the Job does not run the image's entrypoint with args [\"migrate\"]");
                var deployment = render.Deployments.FirstOrDefault(d => d.Service == service);
                var deployed = deployment is null ? null : Pods.MainContainers(deployment).FirstOrDefault()?["image"]?.ToString();
                if (deployed is not null && containers.FirstOrDefault()?["image"]?.ToString() != deployed)
                    v.Add(render, job, $"the Job's image is not the service's ({deployed})");
                if (Pods.Spec(job)["restartPolicy"]?.ToString() is not ("Never" or "OnFailure"))
                    v.Add(render, job, "restartPolicy must be Never or OnFailure");
            }
        }
        v.AssertNone();
    }

    [Fact]
    public void A_migration_Job_uses_only_what_exists_before_the_release_is_installed()
    {
        // At pre-install the release's ordinary objects do not exist yet: a hook Job may only use objects that are hooks
        // themselves (created before it: lower or equal weight) or that the chart does not create (existing Secrets).
        var v = new Violations("hook Job depends only on earlier hooks");
        foreach (var render in chart.All)
        {
            foreach (var job in render.OfKind("Job").Where(j => j.IsHook))
            {
                var spec = Pods.Spec(job);
                var used = new List<(string Kind, string Name)>();
                if (spec["serviceAccountName"]?.ToString() is { } sa)
                    used.Add(("ServiceAccount", sa));
                foreach (var volume in spec["volumes"].Objects())
                {
                    if (volume["configMap"]?["name"]?.ToString() is { } cm)
                        used.Add(("ConfigMap", cm));
                    if (volume["secret"]?["secretName"]?.ToString() is { } s)
                        used.Add(("Secret", s));
                }
                var literals = new List<string>();
                foreach (var (_, c) in Pods.Containers(job))
                {
                    foreach (var from in c["envFrom"].Objects())
                    {
                        if (from["configMapRef"]?["name"]?.ToString() is { } cm)
                            used.Add(("ConfigMap", cm));
                        if (from["secretRef"]?["name"]?.ToString() is { } s)
                            used.Add(("Secret", s));
                    }
                    foreach (var e in c["env"].Objects())
                    {
                        if (e["valueFrom"]?["configMapKeyRef"]?["name"]?.ToString() is { } cm)
                            used.Add(("ConfigMap", cm));
                        if (e["valueFrom"]?["secretKeyRef"]?["name"]?.ToString() is { } s)
                            used.Add(("Secret", s));
                        if (e["value"]?.ToString() is { } literal)
                            literals.Add(literal);
                    }
                }
                foreach (var (kind, name) in used)
                {
                    if (render.Objects.FirstOrDefault(o => o.Kind == kind && o.Name == name) is { } dep)
                        CheckOrder(v, render, job, dep);
                }
                // Operator-run databases and brokers: the Job reaches them by their Services and reads their Secrets.
                foreach (var cluster in render.Objects.Where(o => o.Kind is "Cluster" or "RabbitmqCluster"))
                {
                    var reached = literals.Any(l => l.Contains(cluster.Name + "-", StringComparison.Ordinal) || l.Contains("=" + cluster.Name + ";", StringComparison.Ordinal))
                        || used.Any(u => u.Kind == "Secret" && u.Name.StartsWith(cluster.Name + "-", StringComparison.Ordinal));
                    if (reached)
                        CheckOrder(v, render, job, cluster);
                }
            }
        }
        v.AssertNone();
    }

    [Fact]
    public void Every_pre_upgrade_hook_can_be_created_again_at_the_next_upgrade()
    {
        // Helm creates hook objects afresh at every upgrade (they are not part of the release): one left from the last
        // run makes the upgrade fail with AlreadyExists unless before-hook-creation deletes it or hook-succeeded did.
        // Deleting and re-creating is no answer for a database or a broker: the upgrade render finds in the cluster
        // what the install made, and must not render such a hook again (the chart looks it up first).
        var v = new Violations("pre-upgrade hooks survive a second upgrade");
        foreach (var render in chart.All)
        {
            foreach (var hook in render.Objects.Where(o => o.Hooks.Contains("pre-upgrade")))
            {
                var policies = hook.Annotations.GetValueOrDefault("helm.sh/hook-delete-policy")?.Split(',', StringSplitOptions.TrimEntries) ?? ["before-hook-creation"];
                if (hook.Kind is "Cluster" or "RabbitmqCluster" or "PersistentVolumeClaim")
                {
                    if (render.Variant == RenderVariant.Upgrade && !chart.Renderer.IsHelm)
                        v.Add(render, hook, "holds data and already exists, yet is rendered again as a pre-upgrade hook: Helm would delete it (before-hook-creation) or fail with AlreadyExists");
                    else if (policies.Contains("before-hook-creation") || policies.Contains("hook-succeeded"))
                        v.Add(render, hook, $"holds data, yet hook-delete-policy '{string.Join(',', policies)}' deletes it");
                }
                else if (!policies.Contains("before-hook-creation") && !policies.Contains("hook-succeeded"))
                    v.Add(render, hook, $"hook-delete-policy '{string.Join(',', policies)}' leaves it in place, so the next upgrade fails with AlreadyExists");
            }
        }
        v.AssertNone();
    }

    [Fact]
    public void A_migration_Job_connects_to_the_same_database_as_its_service()
    {
        var v = new Violations("migration Job has its service's database settings");
        foreach (var render in chart.All)
        {
            foreach (var job in render.OfKind("Job"))
            {
                var deployment = render.Deployments.FirstOrDefault(d => d.Service == job.Service);
                if (deployment is null)
                    continue;
                var problems = new List<string>();
                var jobEnv = Pods.Environment(render, Pods.MainContainers(job).First(), "secret", problems);
                var serviceEnv = Pods.Environment(render, Pods.MainContainers(deployment).First(), "secret", problems);
                foreach (var key in serviceEnv.Keys.Where(k => k.StartsWith("ConnectionStrings__", StringComparison.Ordinal) || k == "Database__Password"))
                {
                    if (jobEnv.GetValueOrDefault(key) != serviceEnv[key])
                        v.Add(render, job, $"{key} differs from the Deployment's ('{jobEnv.GetValueOrDefault(key)}' vs '{serviceEnv[key]}')");
                }
                var jobSecret = SecretRef(job, "Database__Password");
                var serviceSecret = SecretRef(deployment, "Database__Password");
                if (jobSecret != serviceSecret)
                    v.Add(render, job, $"Database__Password comes from {jobSecret ?? "nowhere"}, the service's from {serviceSecret ?? "nowhere"}");
                foreach (var p in problems)
                    v.Add(render, job, p);
            }
        }
        v.AssertNone();
    }

    [Fact]
    public void No_service_migrates_on_start()
    {
        var v = new Violations("no Deployment sets Database__MigrateOnStart true");
        foreach (var render in chart.All)
        {
            foreach (var d in render.Deployments)
            {
                foreach (var c in Pods.MainContainers(d))
                {
                    var env = Pods.Environment(render, c, "secret", []);
                    var value = env.GetValueOrDefault("Database__MigrateOnStart");
                    var environment = env.GetValueOrDefault("ASPNETCORE_ENVIRONMENT") ?? "Production";
                    // The services migrate at start when the setting says so, or by default in Development.
                    if (string.Equals(value, "true", StringComparison.OrdinalIgnoreCase))
                        v.Add(render, d, "Database__MigrateOnStart is true");
                    else if (value is null && environment == "Development")
                        v.Add(render, d, "ASPNETCORE_ENVIRONMENT is Development and Database__MigrateOnStart is not false");
                }
            }
        }
        v.AssertNone();
    }

    private static string? SecretRef(Manifest workload, string variable)
    {
        var e = Pods.MainContainers(workload).First()["env"].Objects().FirstOrDefault(x => x["name"]?.ToString() == variable);
        var r = e?["valueFrom"]?["secretKeyRef"];
        return r is null ? null : $"{r["name"]}/{r["key"]}";
    }

    private static void CheckOrder(Violations v, Render render, Manifest job, Manifest dependency)
    {
        if (!dependency.Hooks.Contains("pre-install") || !dependency.Hooks.Contains("pre-upgrade"))
            v.Add(render, job, $"uses {dependency}, which is not a pre-install,pre-upgrade hook, so it does not exist yet when the Job runs at install");
        else if (dependency.HookWeight > job.HookWeight)
            v.Add(render, job, $"uses {dependency}, a hook of weight {dependency.HookWeight}, created after the Job (weight {job.HookWeight})");
    }
}
