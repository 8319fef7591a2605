using System.Net;
using Google.Protobuf.Reflection;
using Involvement.BuildingBlocks.Security;
using Involvement.FunctionalTests.Payments;
using Involvement.FunctionalTests.Recruitment;
using Involvement.FunctionalTests.Reporting;
using Involvement.FunctionalTests.Training;
using Involvement.TestKit;
using Involvement.TestKit.Rest;

namespace Involvement.FunctionalTests.Rest;

/// <summary>
/// Every REST route of every host, read from the contracts' HTTP rules, called the way a careless or hostile JSON
/// client would: it exists with its method, it makes the authorisation decisions the RPC makes over gRPC, and no
/// body or query string makes it fail with a 5xx.
/// </summary>
public sealed class RestRouteTests(RecruitmentFixture recruitment, PaymentsFixture payments, TrainingFixture training, ReportingFixture reporting)
    : IClassFixture<RecruitmentFixture>, IClassFixture<PaymentsFixture>, IClassFixture<TrainingFixture>, IClassFixture<ReportingFixture>
{
    /// <summary>The role a route is called with when it admits it; staff first, so a call is judged on its content.</summary>
    private static readonly string[] PreferredRoles = [Roles.PpiTeam, Roles.Finance, Roles.Trainer, Roles.ReportingConsumer, Roles.ProjectLead, Roles.Member];

    /// <summary>Bodies no RPC can read: empty, not JSON, cut short, not an object, broken inside.</summary>
    private static readonly string[] GarbageBodies = ["", "{", "not json", "[]", "\"text\"", "{\"noSuchField\": }", "{\"a\": [}", "\u0000\u0001"];

    [Theory]
    [MemberData(nameof(Hosts))]
    public void Every_unary_rpc_has_a_route_and_only_streams_are_grpc_only(string host)
    {
        Assert.NotEmpty(TranscodedRoutes.Of(host));
        Assert.All(TranscodedRoutes.GrpcOnly(host), m => Assert.True(m.IsServerStreaming || m.IsClientStreaming, $"{m.FullName} has no HTTP rule"));
        Assert.All(TranscodedRoutes.Of(host), r => Assert.False(r.Method.IsServerStreaming || r.Method.IsClientStreaming, $"{r.Method.FullName} streams"));
        // Path variables are request fields, and two routes never share a method and a path shape.
        Assert.All(TranscodedRoutes.Of(host), r => Assert.All(r.PathFields, f => r.Field(f)));
        var shapes = TranscodedRoutes.Of(host).GroupBy(r => (r.Verb, Shape(r.Template))).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.Empty(shapes);
    }

    [Theory]
    [MemberData(nameof(Hosts))]
    public void Transcoded_endpoints_carry_the_same_authorisation_as_their_grpc_endpoints(string host)
    {
        var services = Host(host).Services;
        var grpc = EndpointAdmissions.Grpc(services);
        var rest = EndpointAdmissions.Transcoded(services);

        Assert.Equal(TranscodedRoutes.Of(host).Select(r => EndpointAdmissions.Key(r.Method)).Order(), rest.Keys.Order());
        Assert.All(rest, r => Assert.Equal(grpc[r.Key].ToString(), r.Value.ToString()));
        Assert.All(rest, r => Assert.False(r.Value.Anonymous, $"{r.Key} admits anonymous callers"));
    }

    [Theory]
    [MemberData(nameof(Hosts))]
    public async Task Every_route_answers_refuses_the_unauthorised_and_never_fails_on_bad_input(string host)
    {
        var fixture = Host(host);
        using var http = fixture.Http();
        var admissions = EndpointAdmissions.Transcoded(fixture.Services);
        var problems = new List<string>();

        foreach (var route in TranscodedRoutes.Of(host))
        {
            var admission = admissions[EndpointAdmissions.Key(route.Method)];
            var method = new HttpMethod(route.Verb);
            var path = route.Path(SampleValue);
            var body = route.Body == "*" ? "{}" : null;
            var name = $"{route.Verb} {route.Template} ({route.Method.Name})";
            void Expect(bool ok, string what, RestReply reply)
            {
                if (!ok)
                {
                    problems.Add($"{name}: {what}, got {reply}");
                }
            }

            var anonymous = await RestCall.SendAsync(http, method, path, null, body);
            Expect(anonymous.Status == HttpStatusCode.Unauthorized, "no token should be 401", anonymous);

            if (Roles.All.FirstOrDefault(r => !admission.Admits(r)) is { } refusedRole)
            {
                var refused = await RestCall.SendAsync(http, method, path, TestAuth.Token(refusedRole), body);
                Expect(refused.Status == HttpStatusCode.Forbidden, $"{refusedRole} should be 403", refused);
            }

            var token = TestAuth.Token(PreferredRoles.First(admission.Admits), Guid.NewGuid().ToString());
            var empty = await RestCall.SendAsync(http, method, path, token, body);
            Expect(Answered(empty), "an empty request should get an answer from the RPC", empty);

            if (route.Body == "*")
            {
                foreach (var garbage in GarbageBodies)
                {
                    var reply = await RestCall.SendAsync(http, method, path, token, garbage);
                    Expect(reply.Status == HttpStatusCode.BadRequest && reply.Error?.Code == 3 && !LeaksInternals(reply), $"body '{garbage}' should be a plain 400", reply);
                }

                // Every field null, then every field an object: the first is the defaults, the second names a field.
                var fields = route.Method.InputType.Fields.InFieldNumberOrder();
                var nulls = await RestCall.SendAsync(http, method, path, token, "{" + string.Join(", ", fields.Select(f => $"\"{f.JsonName}\": null")) + "}");
                Expect(Answered(nulls) && !LeaksInternals(nulls), "a body of nulls should get an answer from the RPC", nulls);
                var objects = await RestCall.SendAsync(http, method, path, token, "{" + string.Join(", ", fields.Select(f => $"\"{f.JsonName}\": {{\"x\": [true]}}")) + "}");
                var named = objects.Error?.GetDetail<Google.Rpc.BadRequest>()?.FieldViolations.Count > 0;
                Expect(fields.All(f => f.FieldType == FieldType.Message && !f.IsRepeated) ? Answered(objects) : objects.Status == HttpStatusCode.BadRequest && named,
                    "a body of objects should be a 400 naming a field", objects);
            }

            foreach (var field in QueryFields(route).Where(f => f.FieldType is FieldType.Int32 or FieldType.Int64 or FieldType.Bool or FieldType.Enum or FieldType.Double))
            {
                var reply = await RestCall.SendAsync(http, method, $"{path}?{field.JsonName}=not-a-value", token, body);
                Expect(reply.Status == HttpStatusCode.BadRequest && reply.Error?.Code == 3 && !LeaksInternals(reply), $"query {field.JsonName}=not-a-value should be a plain 400", reply);
            }
        }

        Assert.True(problems.Count == 0, $"{problems.Count} problems:\n" + string.Join("\n", problems));
    }

    /// <summary>docs/rest.md lists every route with its roles; INVOLVEMENT_WRITE_DOCS=1 rewrites the table instead.</summary>
    [Fact]
    public async Task The_documented_route_table_is_what_the_hosts_serve()
    {
        var path = Path.Combine(ServiceProcess.RepositoryRoot(), "docs", "rest.md");
        var document = await File.ReadAllTextAsync(path);
        var current = RouteTable.Replace(document, RouteTable.Markdown(host => EndpointAdmissions.Transcoded(Host(host).Services)));

        if (Environment.GetEnvironmentVariable("INVOLVEMENT_WRITE_DOCS") == "1")
        {
            await File.WriteAllTextAsync(path, current);
        }

        Assert.True(current == document, "docs/rest.md's route table is out of date: run this test with INVOLVEMENT_WRITE_DOCS=1 and commit the result.");
    }

    public static TheoryData<string> Hosts() => new(TranscodedRoutes.Hosts);

    /// <summary>A status the RPC chose (success, or a google.rpc.Status body), never a routing miss or a server failure.</summary>
    private static bool Answered(RestReply reply) =>
        (int)reply.Status < 500 && reply.Status != HttpStatusCode.MethodNotAllowed && (reply.Status == HttpStatusCode.OK || reply.Error is not null);

    private static bool LeaksInternals(RestReply reply) =>
        reply.Body.Contains("Exception", StringComparison.Ordinal) || reply.Body.Contains("   at ", StringComparison.Ordinal);

    /// <summary>Top-level scalar fields neither the path nor the body carries: the query parameters.</summary>
    private static IEnumerable<FieldDescriptor> QueryFields(TranscodedRoute route) =>
        route.Body == "*" ? [] : route.Method.InputType.Fields.InFieldNumberOrder().Where(f => !f.IsRepeated && !route.PathFields.Contains(f.Name));

    /// <summary>A value a path variable can take: an id that exists nowhere, or a plausible number.</summary>
    private static string SampleValue(FieldDescriptor field) => field.FieldType switch
    {
        FieldType.String => Guid.NewGuid().ToString(),
        _ when field.Name.Contains("year", StringComparison.Ordinal) => "2026",
        _ => "1",
    };

    /// <summary>The template with every variable alike, so two routes one request could match compare equal.</summary>
    private static string Shape(string template) => System.Text.RegularExpressions.Regex.Replace(template, "\\{[^}]+\\}", "{}");

    private IServiceFixture Host(string name) => FunctionalTests.Hosts.Named(name, recruitment, payments, training, reporting);
}
