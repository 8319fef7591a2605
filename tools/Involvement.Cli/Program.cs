using Involvement.Cli;
using Involvement.Cli.Commands;
using Involvement.Cli.Errors;
using Involvement.Cli.Output;

// involvement <command> [--option value ...]: find the command, check its options, sign in, run it; every failure
// becomes a message on stderr and one of the documented exit codes (Errors/ExitCodes.cs), never a stack trace.
var a = new Arguments(args);
var command = CommandTable.Find(a.Command);
try
{
    if (command is null)
    {
        throw new UsageException($"there is no command '{a.Command}'; 'involvement help' lists them.");
    }

    if (a.Has("help"))
    {
        CommandTable.WriteOne(command, Console.Out);
        return ExitCodes.Ok;
    }

    var accepted = command.AcceptedOptions;
    if (a.OptionNames.FirstOrDefault(o => !accepted.Contains(o)) is { } unknown)
    {
        throw new UsageException($"'{a.Command}' has no option --{unknown}.");
    }

    using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(5));
    Console.CancelKeyPress += (_, e) =>
    {
        e.Cancel = true;
        cancel.Cancel();
    };
    var context = new CommandContext(a, new Printer(Printer.ModeFrom(a), Console.Out), new Progress(Console.Error, a.Has("quiet")), cancel.Token);
    if (command.SignsIn)
    {
        await Client.SignInAsync(a, cancel.Token);
    }

    return await command.RunAsync(context);
}
catch (Exception ex)
{
    return FailureReport.Write(ex, command?.Usage ?? "involvement <command> [--option value ...]   ('involvement help' lists the commands)", Console.Error);
}
