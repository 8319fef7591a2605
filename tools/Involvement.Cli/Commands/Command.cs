using System.Text.RegularExpressions;

namespace Involvement.Cli.Commands;

/// <summary>Who a command is for; help groups commands by it.</summary>
public static class Audience
{
    public const string Setup = "setup";
    public const string PpiTeam = "ppi-team";
    public const string Finance = "finance";
    public const string Trainer = "trainer";
    public const string Reporting = "reporting";
}

/// <summary>
/// One command: its name, who uses it, its options as a usage line (also the list of options it accepts), a line of
/// help, and what it does. <paramref name="SignsIn"/> is false for commands that call nothing that needs a token.
/// </summary>
public sealed partial record Command(string Name, string Audience, string Options, string Help, Func<CommandContext, Task<int>> RunAsync, bool SignsIn = true)
{
    /// <summary>Options every command accepts.</summary>
    public const string CommonOptions = "[--output json|table] [--quiet] [--token <jwt>] [--recruitment|--payments|--training|--reporting <url>]";

    public string Usage => $"involvement {Name} {Options}".TrimEnd();

    public IReadOnlySet<string> AcceptedOptions => OptionName().Matches(Options + " " + CommonOptions + " --help").Select(m => m.Groups[1].Value).ToHashSet();

    [GeneratedRegex("--([a-z][a-z0-9-]*)")]
    private static partial Regex OptionName();
}
