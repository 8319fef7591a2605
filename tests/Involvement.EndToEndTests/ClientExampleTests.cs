using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Involvement.BuildingBlocks.Security;
using Involvement.Recruitment.V1;
using Involvement.TestKit;

namespace Involvement.EndToEndTests;

/// <summary>
/// The client examples in docs/clients, run as a trust developer runs them, against the running recruitment service and
/// broker. Their tools are installed by scripts/client-tools.sh (scripts/test runs it); a missing one fails the test.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed partial class ClientExampleTests(SystemFixture system)
{
    // The permissions docs/clients/README.md tells an operator to give a trust's own subscriber: its own queues, and
    // read (to bind from) on the one event exchange it follows. Nothing on any Involvement queue, no publishing.
    private const string OwnQueues = "^trust-example-.*$";
    private const string OwnQueuesAndEvent = @"^(trust-example-.*|Involvement\.Contracts\.Recruitment:MemberRegistered)$";

    private static readonly string Clients = Path.Combine(ServiceProcess.RepositoryRoot(), "docs", "clients");
    private static readonly TimeSpan ExampleTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task The_Python_client_registers_a_member_over_gRPC_and_prints_its_MemberRegistered_event()
    {
        await RequireAsync("Debian's python3-grpcio, python3-grpc-tools and python3-pika",
            "/usr/bin/python3", "-c", "import grpc, grpc_tools.protoc, pika");

        var output = await RunExampleAsync(await SubscriberSettingsAsync(), "/usr/bin/python3",
            Path.Combine(Clients, "python", "register_member.py"), "Client", "PythonExample");

        await AssertRegisteredAndFollowedAsync(output, "PythonExample");
    }

    [Fact]
    public async Task The_JavaScript_client_registers_a_member_over_gRPC_and_prints_its_MemberRegistered_event()
    {
        await RequireAsync("Node.js", "node", "--version");
        Assert.True(Directory.Exists(Path.Combine(Clients, "javascript", "node_modules", "@grpc", "grpc-js")),
            "docs/clients/javascript/node_modules is missing: run `npm ci` there (scripts/client-tools.sh does).");

        var output = await RunExampleAsync(await SubscriberSettingsAsync(), "node",
            Path.Combine(Clients, "javascript", "register-member.js"), "Client", "JavaScriptExample");

        await AssertRegisteredAndFollowedAsync(output, "JavaScriptExample");
    }

    [Fact]
    public async Task The_curl_script_registers_a_member_over_REST_and_reads_it_back()
    {
        await RequireAsync("curl", "curl", "--version");
        await RequireAsync("jq", "jq", "--version");
        var settings = new Dictionary<string, string>
        {
            ["INVOLVEMENT_TOKEN"] = TestAuth.Token(Roles.PpiTeam),
            ["INVOLVEMENT_RECRUITMENT_REST"] = system.Recruitment.RestAddress.ToString().TrimEnd('/'),
        };

        var output = await RunExampleAsync(settings, "bash", Path.Combine(Clients, "curl", "register-member.sh"), "Client", "CurlExample");

        var memberId = await AssertRegisteredAsync(output, "CurlExample");
        // What the script printed last is GET /v1/members/{member_id}: proto JSON, lowerCamelCase.
        using var read = JsonDocument.Parse(output[output.IndexOf('{', StringComparison.Ordinal)..]);
        Assert.Equal(memberId, read.RootElement.GetProperty("member").GetProperty("memberId").GetString());
        Assert.Equal("CurlExample", read.RootElement.GetProperty("member").GetProperty("familyName").GetString());
        Assert.Equal("LIVED_EXPERIENCE_TYPE_CARER", read.RootElement.GetProperty("member").GetProperty("livedExperienceType").GetString());
        await system.Events.WaitForAsync(e => e.MemberId.ToString() == memberId);
    }

    /// <summary>A ppi-team token, the recruitment service, and a broker user with only a trust subscriber's permissions.</summary>
    private async Task<Dictionary<string, string>> SubscriberSettingsAsync()
    {
        var (user, password) = await system.VirtualHost.AddUserAsync(configure: OwnQueues, write: OwnQueues, read: OwnQueuesAndEvent);
        return new Dictionary<string, string>
        {
            ["INVOLVEMENT_TOKEN"] = TestAuth.Token(Roles.PpiTeam),
            ["INVOLVEMENT_RECRUITMENT"] = $"127.0.0.1:{system.Recruitment.GrpcPort}",
            ["INVOLVEMENT_AMQP_URL"] =
                $"amqp://{user}:{password}@127.0.0.1:{TestInfrastructure.RabbitMqPort}/{Uri.EscapeDataString(system.VirtualHost.Name)}",
            ["INVOLVEMENT_EVENT_TIMEOUT"] = "60",
        };
    }

    /// <summary>The example said which member it registered, the member exists, and it printed that member's event.</summary>
    private async Task AssertRegisteredAndFollowedAsync(string output, string familyName)
    {
        var memberId = await AssertRegisteredAsync(output, familyName);
        var events = EventLine().Matches(output).Select(m => JsonDocument.Parse(m.Groups[1].Value).RootElement).ToList();
        var ours = Assert.Single(events, e => e.GetProperty("memberId").GetString() == memberId);
        Assert.Equal("carer", ours.GetProperty("livedExperienceType").GetString());
        Assert.Equal(1, ours.GetProperty("aggregateVersion").GetInt32());
    }

    private async Task<string> AssertRegisteredAsync(string output, string familyName)
    {
        var registered = RegisteredLine().Match(output);
        Assert.True(registered.Success, $"the example did not say which member it registered:\n{output}");
        var memberId = registered.Groups[1].Value;

        using var channel = system.Recruitment.OpenChannel();
        var member = (await new MemberService.MemberServiceClient(channel.CreateCallInvoker().As(Roles.PpiTeam))
            .GetMemberAsync(new GetMemberRequest { MemberId = memberId })).Member;
        Assert.Equal(familyName, member.FamilyName);
        return memberId;
    }

    /// <summary>Fails (never skips) when a tool the examples need is missing, naming what to install.</summary>
    private static async Task RequireAsync(string what, string program, params string[] args)
    {
        int exitCode;
        try
        {
            (exitCode, _) = await RunAsync(new ProcessStartInfo(program, args), TimeSpan.FromSeconds(30));
        }
        catch (System.ComponentModel.Win32Exception)
        {
            exitCode = -1;   // not installed at all
        }

        Assert.True(exitCode == 0, $"{what} missing: `bash scripts/client-tools.sh` installs what the client examples need (scripts/test runs it).");
    }

    private static async Task<string> RunExampleAsync(Dictionary<string, string> settings, string program, params string[] args)
    {
        var info = new ProcessStartInfo(program, args) { WorkingDirectory = Path.GetDirectoryName(args[0])! };
        foreach (var (key, value) in settings)
        {
            info.Environment[key] = value;
        }

        var (exitCode, output) = await RunAsync(info, ExampleTimeout);
        Assert.True(exitCode == 0, $"{Path.GetFileName(args[0])} exited with {exitCode}:\n{output}");
        return output;
    }

    /// <summary>Runs a program to its end, or kills it after the timeout; its exit code and everything it wrote.</summary>
    private static async Task<(int ExitCode, string Output)> RunAsync(ProcessStartInfo info, TimeSpan timeout)
    {
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            return (-1, $"timed out after {timeout.TotalSeconds:0}s\n{await stdout}{await stderr}");
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    [GeneratedRegex(@"^registered member ([0-9a-f-]{36}) ", RegexOptions.Multiline)]
    private static partial Regex RegisteredLine();

    [GeneratedRegex(@"^MemberRegistered (\{.*\})$", RegexOptions.Multiline)]
    private static partial Regex EventLine();
}
