using System.Text.RegularExpressions;
using Involvement.Contracts;
using Involvement.TestKit;
using MassTransit;

namespace Involvement.UnitTests;

/// <summary>
/// The broker permissions in BrokerPermissions are the ones scripts/infra.sh grants, and they fit the services' events:
/// each may publish its own events only, and may bind to every event it consumes.
/// </summary>
public sealed class BrokerPermissionsTests
{
    private static readonly Type[] Events = typeof(IIntegrationEvent).Assembly.GetTypes()
        .Where(t => t.IsClass && typeof(IIntegrationEvent).IsAssignableFrom(t)).ToArray();

    [Fact]
    public void The_infrastructure_script_grants_exactly_these_patterns()
    {
        var script = File.ReadAllText(Path.Combine(RepositoryRoot(), "scripts", "infra.sh"));
        var table = Regex.Match(script, @"<<'PERMISSIONS'\n(?<lines>.*?)\nPERMISSIONS\n", RegexOptions.Singleline);
        Assert.True(table.Success, "scripts/infra.sh has no PERMISSIONS table");

        var granted = table.Groups["lines"].Value.Split('\n').Select(line => line.Split(' ')).ToList();

        Assert.Equal(BrokerPermissions.All.Select(p => new[] { p.User, p.Configure, p.Write, p.Read }), granted);
    }

    [Fact]
    public void Every_event_lives_in_a_service_namespace_so_exactly_one_service_may_publish_it()
    {
        foreach (var type in Events)
        {
            var publishers = BrokerPermissions.All.Where(p => Matches(p.Write, type)).Select(p => p.Service).ToList();
            Assert.True(publishers.Count == 1, $"{Exchange(type)} may be published by [{string.Join(", ", publishers)}]");
            Assert.Equal($"Involvement.Contracts.{Capitalised(publishers[0])}", type.Namespace);
        }
    }

    [Theory]
    [InlineData("recruitment", typeof(Involvement.Recruitment.RecruitmentExtensions))]
    [InlineData("payments", typeof(Involvement.Payments.PaymentsExtensions))]
    [InlineData("training", typeof(Involvement.Training.TrainingExtensions))]
    [InlineData("reporting", typeof(Involvement.Reporting.ReportingExtensions))]
    public void A_service_may_declare_and_bind_to_every_event_its_consumers_take(string service, Type marker)
    {
        var permissions = BrokerPermissions.Of(service);
        var consumed = marker.Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false })
            .SelectMany(t => t.GetInterfaces())
            .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IConsumer<>))
            .Select(i => i.GetGenericArguments()[0])
            .Where(t => typeof(IIntegrationEvent).IsAssignableFrom(t))
            .Distinct()
            .ToList();

        Assert.NotEmpty(consumed);
        Assert.All(consumed, t => Assert.True(Matches(permissions.Read, t) && Matches(permissions.Configure, t), $"{service} may not bind to {Exchange(t)}"));
    }

    [Theory]
    [InlineData("reporting-member-registered")]
    [InlineData("reporting-member-registered_error")]
    [InlineData("reporting-member-registered_skipped")]
    public void A_service_owns_its_queues_and_their_error_queues_but_no_other_service_does(string queue)
    {
        foreach (var p in BrokerPermissions.All)
        {
            var own = p.Service == "reporting";
            Assert.All(new[] { p.Configure, p.Write, p.Read }, pattern => Assert.Equal(own, Regex.IsMatch(queue, pattern)));
        }
    }

    // How MassTransit names an event's exchange.
    private static string Exchange(Type type) => $"{type.Namespace}:{type.Name}";

    private static bool Matches(string pattern, Type type) => Regex.IsMatch(Exchange(type), pattern);

    private static string Capitalised(string service) => char.ToUpperInvariant(service[0]) + service[1..];

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Involvement.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Involvement.sln not found above the test assembly.");
    }
}
