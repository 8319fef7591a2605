namespace Involvement.Cli.Output;

/// <summary>
/// What a long operation is doing, on stderr so stdout stays only the answer (parseable); silent with <c>--quiet</c>.
/// </summary>
public sealed class Progress(TextWriter error, bool quiet)
{
    public void Report(string message)
    {
        if (!quiet)
        {
            error.WriteLine(message);
        }
    }

    /// <summary>The same messages as a writer, for the demo loader's narrative.</summary>
    public TextWriter Writer => quiet ? TextWriter.Null : error;
}
