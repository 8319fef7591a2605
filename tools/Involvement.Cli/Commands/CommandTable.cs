using Involvement.Cli.Errors;

namespace Involvement.Cli.Commands;

/// <summary>Every command, by audience; <c>involvement help</c> prints them grouped, <c>involvement &lt;command&gt; --help</c> one.</summary>
public static class CommandTable
{
    public static readonly IReadOnlyList<Command> All =
    [
        new("help", Audience.Setup, "[<command>]", "this list, or one command's usage", c => Task.FromResult(Help(c)), SignsIn: false),
        .. SetupCommands.All,
        .. PpiTeamCommands.All,
        .. FinanceClaimCommands.All,
        .. FinanceRunCommands.All,
        .. FinancePayeeCommands.All,
        .. TrainerCommands.All,
        .. ReportingCommands.All,
    ];

    public static Command? Find(string name) => All.SingleOrDefault(c => c.Name == name);

    private static readonly (string Audience, string Title)[] Groups =
    [
        (Audience.Setup, "Setting up"),
        (Audience.PpiTeam, "PPI team"),
        (Audience.Finance, "Finance"),
        (Audience.Trainer, "Trainers"),
        (Audience.Reporting, "Reporting"),
    ];

    private static int Help(CommandContext c)
    {
        if (c.Args.Words is [var name, ..])
        {
            var command = Find(name) ?? throw new UsageException($"there is no command '{name}'; 'involvement help' lists them.");
            WriteOne(command, Console.Out);
            return ExitCodes.Ok;
        }

        Console.WriteLine("involvement <command> [--option value ...]     (docs/cli.md has examples)");
        foreach (var (audience, title) in Groups)
        {
            Console.WriteLine();
            Console.WriteLine($"{title}:");
            foreach (var command in All.Where(x => x.Audience == audience))
            {
                Console.WriteLine($"  {command.Name,-26} {command.Help}");
            }
        }

        Console.WriteLine();
        Console.WriteLine($"Every command: {Command.CommonOptions}");
        Console.WriteLine("Output: table on a terminal, JSON when stdout is redirected; --output or INVOLVEMENT_OUTPUT chooses.");
        Console.WriteLine("Exit codes: 0 ok, 1 unexpected, 2 usage, 3 not found, 4 refused (invalid input or state), 5 not allowed, 6 unavailable.");
        Console.WriteLine("Token: --token / INVOLVEMENT_TOKEN, else client credentials (INVOLVEMENT_AUTHORITY, INVOLVEMENT_CLIENT_ID,");
        Console.WriteLine("INVOLVEMENT_CLIENT_SECRET, INVOLVEMENT_SCOPE), else a development token from Auth__SigningKey.");
        return ExitCodes.Ok;
    }

    public static void WriteOne(Command command, TextWriter output)
    {
        output.WriteLine($"usage: {command.Usage}");
        output.WriteLine($"  {command.Help}");
        output.WriteLine($"  and: {Command.CommonOptions}");
    }
}
