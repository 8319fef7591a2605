using System.Text;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using System.Net;
using System.Net.Http.Headers;
using Grpc.Core;
using Grpc.Health.V1;
using Involvement.BuildingBlocks.Security;
using Involvement.FunctionalTests.Payments;
using Involvement.FunctionalTests.Recruitment;
using Involvement.FunctionalTests.Reporting;
using Involvement.FunctionalTests.Training;
using Involvement.TestKit;

namespace Involvement.FunctionalTests.Robustness;

/// <summary>
/// Every RPC of every host, called as a careless or hostile client would: random and boundary values in every field,
/// read from the descriptors the host serves. Whatever arrives, the answer is a status the caller can act on — never
/// INTERNAL, UNKNOWN or a dropped call — and bad input is a violation naming the field.
/// </summary>
public sealed class RobustnessTests(RecruitmentFixture recruitment, PaymentsFixture payments, TrainingFixture training, ReportingFixture reporting)
    : IClassFixture<RecruitmentFixture>, IClassFixture<PaymentsFixture>, IClassFixture<TrainingFixture>, IClassFixture<ReportingFixture>
{
    private const int Seed = 20260422;
    private const int RequestsPerMethod = 60;

    /// <summary>Statuses that mean the service failed rather than the request: a bug, a crash, or a dropped call.</summary>
    private static readonly StatusCode[] Failures = [StatusCode.Internal, StatusCode.Unknown, StatusCode.Unavailable, StatusCode.DataLoss];

    private static readonly string?[] CallerRoles =
        [Roles.PpiTeam, Roles.PpiTeam, Roles.PpiTeam, Roles.PpiTeam, Roles.PpiTeam, Roles.ProjectLead, Roles.ProjectLead, Roles.Member, Roles.Member,
         Roles.Finance, Roles.Trainer, Roles.ReportingConsumer, null];

    [Theory]
    [InlineData("recruitment")]
    [InlineData("payments")]
    [InlineData("training")]
    [InlineData("reporting")]
    public async Task No_request_makes_a_host_fail(string host)
    {
        var fixture = Host(host);
        var ids = new IdPool();
        await SeedAsync(fixture, ids);
        var maker = new RequestMaker(Seed, ids);
        var random = new Random(Seed);
        var failures = new List<string>();

        var services = await ServedContracts.ReadAsync(fixture.Calls(null));
        Assert.All(services, s => Assert.Matches($"^(involvement\\.{host}\\.v1|grpc\\..*)$", s.File.Package));   // its own contracts, nothing else
        var methods = services.SelectMany(s => s.Methods).Where(m => !m.IsClientStreaming).ToList();
        Assert.Contains(methods, m => m.Service.File.Package == $"involvement.{host}.v1");
        foreach (var method in methods)
        {
            for (var i = 0; i < RequestsPerMethod; i++)
            {
                var role = CallerRoles[random.Next(CallerRoles.Length)];
                var subject = role == Roles.Member && ids.Count > 0 ? ids.Pick(random) : "robustness-test";
                var reply = await RawCalls.CallAsync(fixture.Calls(role, subject), method, maker.Random(method.InputType));
                if (reply.Response is not null)
                {
                    ids.Harvest(reply.Response);
                }

                if (Failures.Contains(reply.Status.StatusCode))
                {
                    failures.Add($"{method.FullName} #{i} as {role ?? "anonymous"}: {reply.Status.StatusCode} {reply.Status.Detail}");
                }
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} calls failed (seed {Seed}):\n" + string.Join("\n", failures.Take(30)));
        var health = await new Health.HealthClient(fixture.Calls(null)).CheckAsync(new HealthCheckRequest());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
    }

    [Theory]
    [InlineData("recruitment")]
    [InlineData("payments")]
    [InlineData("training")]
    [InlineData("reporting")]
    public async Task Every_enum_float_text_and_time_field_refuses_a_bad_value_by_name(string host)
    {
        var fixture = Host(host);
        var missed = new List<string>();

        var methods = (await ServedContracts.ReadAsync(fixture.Calls(null)))
            .Where(s => s.File.Package.StartsWith("involvement.", StringComparison.Ordinal)).SelectMany(s => s.Methods).ToList();
        Assert.Contains(methods, m => m.Service.File.Package == $"involvement.{host}.v1");
        foreach (var method in methods)
        {
            foreach (var path in Paths(method.InputType, []))
            {
                var name = string.Join(".", path.Select(f => f.Name + (f.IsRepeated ? "[0]" : "")));
                var reply = await CallAsAnAdmittedRoleAsync(fixture, method, RequestMaker.Only(path, WriteBadValue));
                if (reply.Status.StatusCode != StatusCode.InvalidArgument || !reply.Violations.Contains(name))
                {
                    missed.Add($"{method.FullName} {name}: {reply.Status.StatusCode} {reply.Status.Detail}");
                }
            }
        }

        Assert.True(missed.Count == 0, $"{missed.Count} fields took a bad value without naming it:\n" + string.Join("\n", missed));
    }

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF })]                      // a tag that is no tag
    [InlineData(new byte[] { 0x0A, 0x05, 0x61 })]                                  // a string longer than the message
    [InlineData(new byte[] { 0x0A, 0x02, 0xC3, 0x28 })]                            // member_id in invalid UTF-8
    [InlineData(new byte[] { 0x0B, 0x00 })]                                        // a group, which proto3 has not
    public async Task Bytes_that_are_not_the_request_message_are_invalid_argument(byte[] payload)
    {
        var method = (await ServedContracts.ReadAsync(recruitment.Calls(null)))
            .Single(s => s.Name == "MemberService").FindMethodByName("GetMember");

        var reply = await RawCalls.CallAsync(recruitment.Calls(Roles.PpiTeam), method, payload);

        Assert.Equal(StatusCode.InvalidArgument, reply.Status.StatusCode);
        Assert.DoesNotContain("Exception", reply.Status.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[] { 0, 0, 0, 0, 100, 0x0A, 0x01 })]      // a frame promising 100 bytes and holding 2
    [InlineData(new byte[] { 0, 0, 0, 0 })]                       // half a frame header
    [InlineData(new byte[] { 1, 0, 0, 0, 3, 0x1F, 0x8B, 0x08 })]  // a "compressed" frame the call never declared
    [InlineData(new byte[] { 0, 0, 0, 0, 3, 0xFF, 0xFF, 0xFF })]  // a whole frame of garbage
    public async Task A_broken_frame_is_refused_without_an_exception_in_the_answer(byte[] body)
    {
        using var http = recruitment.Http();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/involvement.recruitment.v1.MemberService/GetMember")
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.Headers.TryAddWithoutValidation("TE", "trailers");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TestAuth.Token(Roles.PpiTeam));

        using var response = await http.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();   // trailers arrive after the body

        string? Header(string name) => response.TrailingHeaders.TryGetValues(name, out var t) ? t.First()
            : response.Headers.TryGetValues(name, out var h) ? h.First() : null;
        var status = (StatusCode)int.Parse(Header("grpc-status") ?? "-1", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains(status, new[] { StatusCode.InvalidArgument, StatusCode.Internal });
        Assert.DoesNotContain("Exception", Uri.UnescapeDataString(Header("grpc-message") ?? ""), StringComparison.Ordinal);
    }

    /// <summary>
    /// The call as the first staff role the RPC admits (PPI team first; finance-only RPCs as finance), so a bad value is
    /// checked by the RPC rather than stopped at the door.
    /// </summary>
    private static async Task<RawReply> CallAsAnAdmittedRoleAsync(IServiceFixture fixture, MethodDescriptor method, byte[] request)
    {
        RawReply reply = null!;
        foreach (var role in new[] { Roles.PpiTeam, Roles.Finance, Roles.Trainer, Roles.ReportingConsumer, Roles.ProjectLead })
        {
            reply = await RawCalls.CallAsync(fixture.Calls(role), method, request);
            if (reply.Status.StatusCode != StatusCode.PermissionDenied)
            {
                break;
            }
        }

        return reply;
    }

    private IServiceFixture Host(string name) => Hosts.Named(name, recruitment, payments, training, reporting);

    /// <summary>A member and a published opportunity with sessions, so random requests can name things that exist.</summary>
    private static async Task SeedAsync(IServiceFixture fixture, IdPool ids)
    {
        if (fixture is RecruitmentFixture recruitment)
        {
            ids.Add((await recruitment.ActiveMemberAsync()).MemberId);
            var opportunity = await recruitment.PublishedOpportunityAsync();
            ids.Add(opportunity.OpportunityId);
            opportunity.Sessions.ToList().ForEach(s => ids.Add(s.SessionId));
        }
    }

    /// <summary>
    /// Every enum, floating-point, string, Timestamp and Date field a request can carry, as paths through nested
    /// messages (first element of each list).
    /// </summary>
    private static IEnumerable<IReadOnlyList<FieldDescriptor>> Paths(MessageDescriptor message, IReadOnlyList<FieldDescriptor> prefix)
    {
        foreach (var field in message.Fields.InFieldNumberOrder())
        {
            IReadOnlyList<FieldDescriptor> path = [.. prefix, field];
            if (field.FieldType == FieldType.Message && !IsTime(field.MessageType))
            {
                foreach (var inner in Paths(field.MessageType, path))
                {
                    yield return inner;
                }
            }
            else if (field.FieldType is FieldType.Enum or FieldType.Double or FieldType.Float or FieldType.String or FieldType.Message)
            {
                yield return path;
            }
        }
    }

    private static bool IsTime(MessageDescriptor type) => type.FullName is "google.protobuf.Timestamp" or "google.type.Date";

    /// <summary>A value no field may take: a bidirectional override in text, an enum number the proto does not name,
    /// NaN, an instant past year 9999, the thirteenth month.</summary>
    private static void WriteBadValue(CodedOutputStream o, FieldDescriptor field)
    {
        switch (field.FieldType)
        {
            case FieldType.String:
                o.WriteTag(field.FieldNumber, WireFormat.WireType.LengthDelimited);
                o.WriteBytes(ByteString.CopyFrom(Encoding.UTF8.GetBytes("a\u202Eb")));
                break;
            case FieldType.Enum:
                o.WriteTag(field.FieldNumber, WireFormat.WireType.Varint);
                o.WriteInt32(999);
                break;
            case FieldType.Double:
                o.WriteTag(field.FieldNumber, WireFormat.WireType.Fixed64);
                o.WriteDouble(double.NaN);
                break;
            case FieldType.Float:
                o.WriteTag(field.FieldNumber, WireFormat.WireType.Fixed32);
                o.WriteFloat(float.NaN);
                break;
            default:
                // Timestamp { seconds = 1 } is fine, so go past year 9999; Date { year = 2026, month = 13, day = 1 }.
                var inner = field.MessageType.FullName == "google.protobuf.Timestamp"
                    ? RequestMaker.Only([field.MessageType.FindFieldByName("seconds")], (w, f) => RequestMaker.WriteInteger(w, f, 253_402_300_800))
                    : [0x08, 0xEA, 0x0F, 0x10, 0x0D, 0x18, 0x01];
                o.WriteTag(field.FieldNumber, WireFormat.WireType.LengthDelimited);
                o.WriteBytes(ByteString.CopyFrom(inner));
                break;
        }
    }
}
