using System.Net;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Involvement.BuildingBlocks.Security;
using Involvement.FunctionalTests.Payments;
using Involvement.FunctionalTests.Recruitment;
using Involvement.FunctionalTests.Reporting;
using Involvement.FunctionalTests.Training;

namespace Involvement.FunctionalTests.OpenApi;

/// <summary>
/// Every operation of each committed document, against the running service: the route and method exist, exactly the
/// roles documented (x-roles) are admitted, and whatever the service answers is a documented status with a conforming body.
/// </summary>
public sealed class OpenApiRouteTests(RecruitmentFixture recruitment, PaymentsFixture payments, TrainingFixture training, ReportingFixture reporting)
    : IClassFixture<RecruitmentFixture>, IClassFixture<PaymentsFixture>, IClassFixture<TrainingFixture>, IClassFixture<ReportingFixture>
{
    [Theory]
    [MemberData(nameof(OpenApiDocuments.Services), MemberType = typeof(OpenApiDocuments))]
    public async Task Every_operation_answers_on_its_documented_route_with_its_documented_roles(string service)
    {
        var api = Api(service);
        var answered = 0;
        foreach (var operation in api.Operations)
        {
            var request = Placeholder(operation);

            var anonymous = await api.CallAsync(operation, request, role: null);
            var open = operation.Body["security"] is System.Text.Json.Nodes.JsonArray { Count: 0 };
            Assert.True(open || anonymous.Status == HttpStatusCode.Unauthorized, $"{operation} without a token: {anonymous}");

            // Authorization refuses a role outside x-roles before the RPC (403, RoleNotAdmitted); every role in x-roles
            // reaches the RPC, whose placeholder ids and empty fields it refuses or finds nothing for, but as the
            // document says: a documented status with a google.rpc.Status body, never routing's bare 404 or 405.
            var admitted = operation.Roles ?? Roles.All;
            foreach (var role in Roles.All)
            {
                var reply = await api.CallAsync(operation, request, role);
                if (admitted.Contains(role))
                {
                    Assert.False(reply.Status is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed && reply.Json is null, $"{operation} as {role}, in x-roles: {reply}");
                    Assert.False(RefusedAtTheDoor(reply), $"{operation} as {role}, in x-roles, was refused by authorization: {reply}");
                    reply.AssertDocumented();
                }
                else
                {
                    Assert.True(RefusedAtTheDoor(reply), $"{operation} as {role}, not in x-roles: {reply}");
                    reply.AssertDocumented();
                }
            }

            answered++;
        }

        Assert.Equal(OpenApiDocuments.Operations(OpenApiDocuments.Committed(service)).Count, answered);
    }

    [Fact]
    public async Task A_route_the_document_lacks_is_not_found_even_with_a_token()
    {
        // The control for the check above: an unknown path is routing's 404 with no Status body, so a documented
        // operation answering with a google.rpc.Status really reached its RPC.
        var api = Api("recruitment");
        var made = new DocumentedOperation("/v1/no-such-resources/{member_id}", "get", new System.Text.Json.Nodes.JsonObject
        {
            ["operationId"] = "None",
            ["x-grpc-method"] = "involvement.recruitment.v1.MemberService/GetMember",
            ["parameters"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject { ["name"] = "member_id", ["in"] = "path" }),
            ["responses"] = new System.Text.Json.Nodes.JsonObject(),
        });

        var reply = await api.CallAsync(made, new Involvement.Recruitment.V1.GetMemberRequest { MemberId = Guid.NewGuid().ToString() }, Roles.PpiTeam);

        Assert.Equal(HttpStatusCode.NotFound, reply.Status);
        Assert.Null(reply.Json);
    }

    private static bool RefusedAtTheDoor(RestReply reply) =>
        reply.Status == HttpStatusCode.Forbidden
        && reply.Json?["code"]?.GetValue<int>() == (int)Google.Rpc.Code.PermissionDenied
        && reply.Json["message"]?.GetValue<string>() == Involvement.BuildingBlocks.Errors.RestAuthorizationResults.RoleNotAdmitted;

    private RestApi Api(string service)
    {
        var fixture = Hosts.Named(service, recruitment, payments, training, reporting);
        return new RestApi(OpenApiDocuments.Committed(service), fixture.Http());
    }

    // The operation's request with each path field set to an id nothing has, and nothing else.
    private static IMessage Placeholder(DocumentedOperation operation)
    {
        var method = OpenApiDocuments.ClientMethod(operation.GrpcMethod);
        var request = (IMessage)Activator.CreateInstance(method.InputType.ClrType)!;
        foreach (var fieldPath in operation.Parameters("path").Select(p => p["name"]!.GetValue<string>()))
        {
            var target = request;
            var names = fieldPath.Split('.');
            foreach (var name in names[..^1])
            {
                var field = target.Descriptor.FindFieldByName(name);
                if (field.Accessor.GetValue(target) is not IMessage inner)
                {
                    inner = (IMessage)Activator.CreateInstance(field.MessageType.ClrType)!;
                    field.Accessor.SetValue(target, inner);
                }

                target = inner;
            }

            var leaf = target.Descriptor.FindFieldByName(names[^1]);
            object? placeholder = leaf.FieldType switch
            {
                FieldType.String => Guid.NewGuid().ToString(),
                FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => 1,
                FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 => 1L,
                _ => null,
            };
            Assert.True(placeholder is not null, $"{operation}: no placeholder for path field {fieldPath} ({leaf.FieldType})");
            leaf.Accessor.SetValue(target, placeholder);
        }

        return request;
    }
}
