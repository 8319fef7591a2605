using System.Text.Json;
using Google.Protobuf;

namespace Involvement.Cli.Output;

public enum OutputMode
{
    Table,
    Json,
}

/// <summary>
/// Writes a command's answer on stdout: proto JSON (the API's own JSON, stable, for scripts) or a table for a person.
/// <c>--output json|table</c>, else INVOLVEMENT_OUTPUT, else table when stdout is a terminal and JSON when it is
/// redirected, so a pipe or <c>$(...)</c> always gets JSON.
/// </summary>
public sealed class Printer(OutputMode mode, TextWriter output)
{
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithIndentation());
    private static readonly JsonSerializerOptions PlainJson = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public OutputMode Mode => mode;

    public static OutputMode ModeFrom(Arguments a)
    {
        var chosen = a.Get("output") ?? Environment.GetEnvironmentVariable("INVOLVEMENT_OUTPUT");
        return chosen switch
        {
            null or "" => Console.IsOutputRedirected ? OutputMode.Json : OutputMode.Table,
            "json" => OutputMode.Json,
            "table" => OutputMode.Table,
            _ => throw new UsageException("--output must be json or table."),
        };
    }

    /// <summary>A response message: its proto JSON, or the table the command lays it out as.</summary>
    public void Write<T>(T message, Func<T, Table>? table = null) where T : IMessage
    {
        if (mode == OutputMode.Json)
        {
            output.WriteLine(Formatter.Format(message));
        }
        else
        {
            (table?.Invoke(message) ?? Table.Of(message)).WriteTo(output);
        }
    }

    /// <summary>An answer the CLI makes itself (a file written, services' health): camelCase JSON, or a table.</summary>
    public void WritePlain<T>(T value, Func<T, Table> table)
    {
        if (mode == OutputMode.Json)
        {
            output.WriteLine(JsonSerializer.Serialize(value, PlainJson));
        }
        else
        {
            table(value).WriteTo(output);
        }
    }

    /// <summary>As <see cref="WritePlain{T}(T, Func{T, Table})"/>, laid out as lines of text on a terminal.</summary>
    public void WritePlain<T>(T value, Func<T, string> text)
    {
        output.WriteLine(mode == OutputMode.Json ? JsonSerializer.Serialize(value, PlainJson) : text(value));
    }
}
