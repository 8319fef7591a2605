using System.Globalization;
using Involvement.Reporting.Membership;
using Involvement.Reporting.V1;

namespace Involvement.Reporting.BoardReport;

/// <summary>How the board report writes figures: en-GB numbers, money in pounds, every status spelled out.</summary>
public static class BoardFormat
{
    public const string Withheld = "*";
    public const string Rounded = "†";
    public const string NotDeployed = "not deployed";

    private static readonly CultureInfo En = CultureInfo.InvariantCulture;

    /// <summary>The figure as the report prints it (without its disclosure mark).</summary>
    public static string Value(BoardFigure f, MetricUnit unit) => f.Status switch
    {
        FigureStatus.Shown => Number(f.Number, unit),
        FigureStatus.Suppressed => Withheld,
        FigureStatus.NotDeployed => NotDeployed,
        _ => f.Value == Metrics.PublishedFigure.NoDataValue ? "n/a" : BoardReportBuilder.NoDataValue,
    };

    /// <summary>"†" for a whole-trust figure disclosure control rounded; "" otherwise (breakdowns are always controlled).</summary>
    public static string Mark(BoardFigure f) =>
        f.Status == FigureStatus.Shown && !f.Exact && f.CareGroup.Length == 0 && f.Category.Length == 0 ? Rounded : "";

    /// <summary>A short label for a chart: the figure, "*" or "–" (no figure).</summary>
    public static string Brief(BoardFigure f, MetricUnit unit) => f.Status switch
    {
        FigureStatus.Shown => Number(f.Number, unit, axis: unit == MetricUnit.Pence) + Mark(f),
        FigureStatus.Suppressed => Withheld,
        _ => "–",
    };

    /// <summary>The figure in words, for text alternatives.</summary>
    public static string Spoken(BoardFigure f) => f.Status switch
    {
        FigureStatus.Shown => f.Value + (Mark(f).Length > 0 ? " (rounded)" : ""),
        FigureStatus.Suppressed => "withheld (1 to 7)",
        FigureStatus.NotDeployed => NotDeployed,
        _ => f.Value == Metrics.PublishedFigure.NoDataValue ? "not applicable" : BoardReportBuilder.NoDataValue,
    };

    public static string Number(double value, MetricUnit unit, bool axis = false) => unit switch
    {
        MetricUnit.Percent => value.ToString("0.#", En) + "%",
        MetricUnit.Pence => Pounds(value, axis),
        MetricUnit.Days => value.ToString("0.#", En) + (axis ? "" : " days"),
        MetricUnit.Score => value.ToString("0.0", En) + (axis ? "" : " / 5"),
        _ => value.ToString(axis || Math.Abs(value % 1) < 1e-9 ? "#,##0" : "#,##0.#", En),
    };

    /// <summary>A category or status as words: "service_user" → "Service user"; pyramid levels by name.</summary>
    public static string Label(string code)
    {
        if (int.TryParse(code, NumberStyles.None, CultureInfo.InvariantCulture, out var level) && level is >= 1 and <= 7)
        {
            return $"{level} {InvolvementLevels.NameOf(level)}";
        }

        // Codes such as service_user or ASIAN_BRITISH read as words; anything else (a cost centre "PPI-001") as given.
        var isCode = code.Length > 0 && code.All(c => c is '_' or (>= 'a' and <= 'z') or (>= 'A' and <= 'Z'))
            && (code.All(c => c is '_' or (>= 'a' and <= 'z')) || code.All(c => c is '_' or (>= 'A' and <= 'Z')));
        var words = (isCode ? code.Replace('_', ' ').ToLower(En) : code).Trim();
        return words.Length == 0 ? "" : char.ToUpper(words[0], En) + words[1..];
    }

    private static string Pounds(double pence, bool compact)
    {
        var pounds = pence / 100;
        if (compact && Math.Abs(pounds) >= 10_000)
        {
            return "£" + (pounds / 1000).ToString("#,##0.#", En) + "k";
        }

        return "£" + pounds.ToString(compact || Math.Abs(pence % 100) < 1e-9 ? "#,##0" : "#,##0.00", En);
    }
}
