using System.Net;
using System.Net.Sockets;

namespace Involvement.EndToEndTests.Cli;

/// <summary>The exit codes scripts rely on when the command line is wrong or nothing answers (docs/cli.md).</summary>
[Collection(CliCollection.Name)]
public sealed class ExitCodeTests(SystemFixture system)
{
    [Theory]
    [InlineData("usage: involvement <command>", "no-such-command")]
    [InlineData("usage: involvement get-member --member-id <id>", "get-member")]
    [InlineData("usage: involvement match --opportunity-id <id> [--limit 10]", "match", "--opportunity-id", "x", "--limit", "many")]
    [InlineData("usage: involvement get-member --member-id <id>", "get-member", "--member-id", "x", "--memberid", "y")]
    [InlineData("usage: involvement list-members", "list-members", "--output", "yaml")]
    public async Task A_wrong_command_line_is_exit_2_with_the_usage_line(string usage, params string[] args)
    {
        var result = await system.CliAsync(args);
        Assert.True(result.Code == 2, result.ToString());
        Assert.Contains(usage, result.Stderr, StringComparison.Ordinal);
        Assert.Empty(result.Stdout);
    }

    [Fact]
    public async Task Nothing_listening_is_exit_6()
    {
        var nowhere = $"http://127.0.0.1:{ClosedPort()}";
        var call = await system.CliAsync("get-member", "--member-id", Guid.NewGuid().ToString(), "--recruitment", nowhere);
        Assert.True(call.Code == 6, call.ToString());
        Assert.Contains("service unavailable", call.Stderr, StringComparison.Ordinal);

        var wait = await system.CliAsync("wait-healthy", "--addresses", nowhere, "--seconds", "1");
        Assert.True(wait.Code == 6, wait.ToString());
    }

    [Fact]
    public async Task Wait_healthy_answers_json_on_stdout_and_progress_on_stderr()
    {
        var result = await system.CliAsync("wait-healthy", "--output", "json");
        var answers = result.Json().EnumerateArray().ToList();
        Assert.Equal(4, answers.Count);
        Assert.All(answers, a => Assert.Equal("SERVING", a.GetProperty("status").GetString()));
        Assert.Contains($"waiting for {system.Payments.Address}", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_lists_every_role_and_a_command_explains_itself()
    {
        var help = await system.CliAsync("help");
        Assert.Equal(0, help.Code);
        Assert.All(["PPI team:", "Finance:", "Trainers:", "Reporting:"], group => Assert.Contains(group, help.Stdout, StringComparison.Ordinal));
        var one = await system.CliAsync("invite", "--help");
        Assert.Equal(0, one.Code);
        Assert.StartsWith("usage: involvement invite --opportunity-id <id>", one.Stdout, StringComparison.Ordinal);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
