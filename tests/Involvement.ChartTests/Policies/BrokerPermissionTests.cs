using System.Reflection;
using Involvement.ChartTests.Rendering;

namespace Involvement.ChartTests.Policies;

/// <summary>
/// The RabbitMQ operator's Permission resources grant each service exactly the patterns of the one source of truth,
/// tests/Involvement.TestKit/BrokerPermissions.cs.
/// </summary>
[Collection(ChartCollection.Name)]
public sealed class BrokerPermissionTests(ChartFixture chart)
{
    [Fact]
    public void Rendered_Permissions_equal_BrokerPermissions()
    {
        var withOperator = chart.All.Where(r => r.Set.Flag("operators.rabbitmq.enabled")).ToList();
        Assert.True(withOperator.Count > 0, "no ci set switches operators.rabbitmq on");
        var v = new Violations("broker permissions equal BrokerPermissions");
        foreach (var render in withOperator)
        {
            var vhost = render.Set.Text("default.broker.virtualHost") ?? "/";
            foreach (var service in render.Set.EnabledServices)
            {
                var expected = Expected(service);
                var permissions = render.OfKind("Permission").Where(p => p.Service == service).ToList();
                if (permissions.Count != 1)
                {
                    v.Add(render, null, $"{service}: {permissions.Count} Permission resources, expected 1");
                    continue;
                }
                var p = permissions[0];
                var spec = p.Json["spec"];
                foreach (var (field, want) in new[] { ("configure", expected.Configure), ("write", expected.Write), ("read", expected.Read) })
                {
                    var got = spec?["permissions"]?[field]?.ToString();
                    if (got != want)
                        v.Add(render, p, $"{field} is '{got}', BrokerPermissions says '{want}'");
                }
                if (spec?["vhost"]?.ToString() != vhost)
                    v.Add(render, p, $"vhost is '{spec?["vhost"]}', the services use '{vhost}'");
                var user = spec?["user"]?.ToString();
                var userRef = spec?["userReference"]?["name"]?.ToString();
                var userObject = render.OfKind("User").FirstOrDefault(u => u.Name == userRef);
                if (user != service && (userObject is null || userObject.Service != service))
                    v.Add(render, p, $"grants user '{user ?? userRef}', not {service}'s own broker user");
            }
        }
        v.AssertNone();
    }

    /// <summary>
    /// BrokerPermissions (H-privilege's TestKit class) read by reflection, so this project builds before and after it
    /// lands: a static Of(service) or For(service) returning an object with Configure, Write and Read.
    /// </summary>
    private static readonly string[] AccessorNames = ["Of", "For"];

    private static (string Configure, string Write, string Read) Expected(string service)
    {
        var type = typeof(Involvement.TestKit.ServiceSettings).Assembly.GetType("Involvement.TestKit.BrokerPermissions");
        Assert.True(type is not null, "tests/Involvement.TestKit/BrokerPermissions.cs is missing (the one source of truth for broker permissions)");
        var method = AccessorNames
            .Select(n => type!.GetMethod(n, BindingFlags.Public | BindingFlags.Static, [typeof(string)]))
            .FirstOrDefault(m => m is not null);
        Assert.True(method is not null, "BrokerPermissions has no public static Of(string) or For(string)");
        var result = method!.Invoke(null, [service])!;
        string Read(string name) => result.GetType().GetProperty(name)?.GetValue(result)?.ToString()
            ?? throw new InvalidOperationException($"BrokerPermissions.{method.Name}(\"{service}\") has no {name}");
        return (Read("Configure"), Read("Write"), Read("Read"));
    }
}
