using System.Net.Http.Headers;
using System.Text;
using Involvement.BuildingBlocks.Security;
using Involvement.Recruitment.V1;
using Involvement.TestKit;

namespace Involvement.Benchmarks;

/// <summary>
/// What REST/JSON costs beside gRPC: the same recruitment process answers GetMember and RegisterMember over HTTP/2
/// gRPC and over HTTP/1.1 JSON (JSON transcoding), with the same authentication, validation and database work.
/// </summary>
public static class RestBench
{
    public static async Task RunAsync(int callers, TimeSpan warmUp, TimeSpan duration, string logs)
    {
        await using var vhost = await TestVirtualHost.CreateAsync();
        var database = TestInfrastructure.UniqueDatabaseName("bench_rest");
        await TestInfrastructure.CreateDatabaseAsync(database, "recruitment");
        await using var recruitment = new ServiceProcess("Recruitment", ServiceSettings.For("recruitment", database, vhost.Name), logs);
        await recruitment.StartAsync();

        using var channel = recruitment.OpenChannel();
        var grpc = new MemberService.MemberServiceClient(channel.CreateCallInvoker().As(Roles.PpiTeam));
        var memberIds = new List<string>();
        for (var i = 0; i < 200; i++)
        {
            memberIds.Add((await grpc.RegisterMemberAsync(Registration($"seed-{i}"))).Member.MemberId);
        }

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = callers }) { BaseAddress = recruitment.RestAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestAuth.Token(Roles.PpiTeam));
        var run = Guid.NewGuid().ToString("N")[..8];

        await Report(recruitment, "GetMember over gRPC", warmUp, () => LoadRun.RunAsync("GetMember gRPC", callers, warmUp, duration,
            (c, i) => grpc.GetMemberAsync(new GetMemberRequest { MemberId = memberIds[(int)((c + i) % memberIds.Count)] }).ResponseAsync));
        await Report(recruitment, "GetMember over REST", warmUp, () => LoadRun.RunAsync("GetMember REST", callers, warmUp, duration,
            (c, i) => Succeed(http.GetAsync($"v1/members/{memberIds[(int)((c + i) % memberIds.Count)]}"))));
        await Report(recruitment, "RegisterMember over gRPC", warmUp, () => LoadRun.RunAsync("RegisterMember gRPC", callers, warmUp, duration,
            (c, i) => grpc.RegisterMemberAsync(Registration($"{run}-g-{c}-{i}")).ResponseAsync));
        await Report(recruitment, "RegisterMember over REST", warmUp, () => LoadRun.RunAsync("RegisterMember REST", callers, warmUp, duration,
            (c, i) => Succeed(http.PostAsync("v1/members", new StringContent(RegistrationJson($"{run}-r-{c}-{i}"), Encoding.UTF8, "application/json")))));
    }

    private static async Task Report(ServiceProcess service, string what, TimeSpan warmUp, Func<Task<LoadResult>> load)
    {
        var cpuBefore = service.CpuTime;
        var result = await load();
        var cpuPerCall = (service.CpuTime - cpuBefore).TotalMilliseconds / (result.PerSecond * (result.Elapsed + warmUp).TotalSeconds);
        Console.WriteLine(result);
        Console.WriteLine($"  {what}: recruitment CPU per call (warm-up included) {cpuPerCall:F2} ms");
    }

    /// <summary>A failed HTTP call counts as an error, as a failed gRPC call does.</summary>
    private static async Task Succeed(Task<HttpResponseMessage> call)
    {
        using var response = await call;
        await response.Content.LoadIntoBufferAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"HTTP {(int)response.StatusCode}", null, response.StatusCode);
        }
    }

    private static RegisterMemberRequest Registration(string key) => new()
    {
        IdempotencyKey = key,
        GivenName = "Bench",
        FamilyName = "Member " + key,
        LivedExperienceType = LivedExperienceType.ServiceUser,
        Details = new MemberDetails { Contact = new ContactDetails { Email = "bench@example.org" } },
        ConsentToHoldData = true,
    };

    private static string RegistrationJson(string key) => Google.Protobuf.JsonFormatter.Default.Format(Registration(key));
}
