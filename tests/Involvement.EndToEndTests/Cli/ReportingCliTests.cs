namespace Involvement.EndToEndTests.Cli;

/// <summary>Reporting through the CLI: metrics as JSON a dashboard script reads, and the board report written to a file.</summary>
[Collection(CliCollection.Name)]
public sealed class ReportingCliTests(SystemFixture system)
{
    [Fact]
    public async Task Metrics_and_the_membership_summary_read_as_json()
    {
        var definitions = (await system.CliAsync("list-metrics", "--area", "membership", "--output", "json")).Json();
        Assert.Contains(definitions.GetProperty("metrics").EnumerateArray(), m => m.GetProperty("code").GetString() == "membership.new_members");

        var figures = (await system.CliAsync("metrics", "--codes", "membership.new_members,membership.members", "--output", "json")).Json();
        Assert.Equal(["membership.members", "membership.new_members"],
            figures.GetProperty("metrics").EnumerateArray().Select(m => m.GetProperty("definition").GetProperty("code").GetString()).Order());

        var summary = (await system.CliAsync("membership-summary", "--output", "json")).Json();
        Assert.Equal(System.Text.Json.JsonValueKind.Object, summary.ValueKind);

        var badQuarter = await system.CliAsync("metrics", "--year", "2026", "--quarter", "9");
        Assert.True(badQuarter.Code == 4, badQuarter.ToString());
    }

    [Fact]
    public async Task The_board_report_goes_to_a_file_with_progress_on_stderr_and_the_answer_on_stdout()
    {
        var file = Path.Combine(Path.GetTempPath(), $"board-{Guid.NewGuid():N}.html");
        try
        {
            var result = await system.CliAsync("board-report", "--out", file, "--output", "json");
            var written = result.Json();
            Assert.Equal(file, written.GetProperty("path").GetString());
            Assert.Equal("text/html; charset=utf-8", written.GetProperty("contentType").GetString());
            Assert.Contains("rendering the board report", result.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("rendering", result.Stdout, StringComparison.Ordinal);
            Assert.StartsWith("<!DOCTYPE html>", await File.ReadAllTextAsync(file), StringComparison.OrdinalIgnoreCase);

            var quiet = await system.CliAsync("board-report", "--out", file, "--quiet");
            Assert.Equal((0, ""), (quiet.Code, quiet.Stderr));
        }
        finally
        {
            File.Delete(file);
        }
    }
}
