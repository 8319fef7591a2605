using System.Globalization;
using DbUp.Engine.Output;
using Microsoft.Extensions.Logging;

namespace Involvement.BuildingBlocks.Data;

/// <summary>
/// DbUp's output routed into the service's JSON logs. Its default console log prints plain text before logging starts,
/// including a "Master ConnectionString" line. Trace, debug (where that one is) and progress lines are dropped — the
/// migrator logs each script it applies — and DbUp's warnings and errors become warnings.
/// </summary>
internal sealed partial class DbUpLog(ILogger logger) : IUpgradeLog
{
    public void LogTrace(string format, params object[] args)
    {
        // Connection strings and per-statement noise.
    }

    public void LogDebug(string format, params object[] args)
    {
        // Connection strings and per-statement noise.
    }

    public void LogInformation(string format, params object[] args)
    {
        // Progress ("Beginning database upgrade"): the migrator logs each script it applies instead.
    }

    public void LogWarning(string format, params object[] args) => Problem(format, args);

    public void LogError(string format, params object[] args) => Problem(format, args);

    public void LogError(Exception ex, string format, params object[] args) => Problem(format, args);

    private void Problem(string format, object[] args)
    {
        if (logger.IsEnabled(LogLevel.Warning))
        {
            LogProblem(logger, Format(format, args));
        }
    }

    private static string Format(string format, object[] args)
    {
        var text = args.Length == 0 ? format : string.Format(CultureInfo.InvariantCulture, format, args);
        return text.Length > 500 ? text[..500] + "..." : text;
    }

    [LoggerMessage(EventId = 1102, EventName = "MigrationProblem", Level = LogLevel.Warning, Message = "{Text}")]
    private static partial void LogProblem(ILogger logger, string text);
}
