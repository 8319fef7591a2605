using System.Globalization;
using System.Text;
using Involvement.Reporting.V1;

namespace Involvement.Reporting.BoardReport;

/// <summary>A labelled figure to chart.</summary>
public sealed record ChartPoint(string Label, BoardFigure Figure);

/// <summary>
/// Inline SVG charts for the board report, drawn from published figures only. Each chart is an image with a title
/// and a text alternative listing every value as published; the scale comes from the figures shown, so a "*" (1-7,
/// withheld) or a missing figure never stretches or breaks it: it is drawn as a marker on the baseline instead.
/// Every text is HTML-encoded.
/// </summary>
public sealed class SvgCharts
{
    public const string Blue = "#005eb8";
    public const string DarkBlue = "#003087";
    public const string Green = "#00703c";
    public const string Grey = "#425563";
    public const string Text = "#1d1d1b";
    public const string Grid = "#d8dde0";

    private const string Font = "font-family=\"'Liberation Sans', Arial, Helvetica, sans-serif\"";
    private static readonly CultureInfo En = CultureInfo.InvariantCulture;

    private int _next;

    /// <summary>A column per quarter (a trend), oldest first.</summary>
    public string Columns(string title, MetricUnit unit, IReadOnlyList<ChartPoint> points)
    {
        const double width = 340, height = 200, left = 48, right = 8, top = 20, bottom = 36;
        const double plotWidth = width - left - right, plotHeight = height - top - bottom;
        var max = ScaleMax(unit, points.Select(p => p.Figure));
        var svg = Open(title, width, height, points);
        if (max is null)
        {
            return svg.Append(Empty(width, height, points)).Append("</svg>").ToString();
        }

        Gridlines(svg, unit, max.Value, left, top, plotWidth, plotHeight);
        var band = plotWidth / Math.Max(1, points.Count);
        for (var i = 0; i < points.Count; i++)
        {
            var p = points[i];
            var x = left + (i * band) + (band * 0.2);
            var barWidth = band * 0.6;
            var centre = x + (barWidth / 2);
            if (p.Figure.Status == FigureStatus.Shown)
            {
                var h = Math.Max(0, Math.Min(1, p.Figure.Number / max.Value)) * plotHeight;
                svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{N(x)}\" y=\"{N(top + plotHeight - h)}\" width=\"{N(barWidth)}\" height=\"{N(h)}\" fill=\"{Blue}\"/>");
                svg.Append(Label(centre, top + plotHeight - h - 4, BoardFormat.Brief(p.Figure, unit), "middle", 11, bold: true));
            }
            else
            {
                Marker(svg, p.Figure, x, barWidth, top + plotHeight);
            }

            var (line1, line2) = SplitQuarter(p.Label);
            svg.Append(Label(centre, height - bottom + 14, line1, "middle", 11));
            svg.Append(Label(centre, height - bottom + 27, line2, "middle", 10));
        }

        return svg.Append("</svg>").ToString();
    }

    /// <summary>A horizontal bar per category.</summary>
    public string Bars(string title, MetricUnit unit, IReadOnlyList<ChartPoint> points)
    {
        const double width = 640, labelWidth = 230, valueWidth = 90, row = 24, top = 8;
        var height = top + (Math.Max(1, points.Count) * row) + 8;
        var plotWidth = width - labelWidth - valueWidth;
        var max = ScaleMax(unit, points.Select(p => p.Figure));
        var svg = Open(title, width, height, points);
        if (max is null)
        {
            return svg.Append(Empty(width, height, points)).Append("</svg>").ToString();
        }

        for (var i = 0; i < points.Count; i++)
        {
            var p = points[i];
            var y = top + (i * row);
            svg.Append(Label(labelWidth - 8, y + 16, Truncate(p.Label, 32), "end", 12));
            var barX = labelWidth;
            if (p.Figure.Status == FigureStatus.Shown)
            {
                var w = Math.Max(0, Math.Min(1, p.Figure.Number / max.Value)) * plotWidth;
                svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{N(barX)}\" y=\"{N(y + 4)}\" width=\"{N(w)}\" height=\"16\" fill=\"{Blue}\"/>");
                svg.Append(Label(barX + w + 6, y + 16, BoardFormat.Brief(p.Figure, unit), "start", 12, bold: true));
            }
            else
            {
                svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{N(barX)}\" y1=\"{N(y + 4)}\" x2=\"{N(barX)}\" y2=\"{N(y + 20)}\" stroke=\"{Grey}\" stroke-width=\"2\"/>");
                svg.Append(Label(barX + 8, y + 16, BoardFormat.Brief(p.Figure, unit), "start", 12, bold: true));
            }
        }

        return svg.Append("</svg>").ToString();
    }

    /// <summary>For each answer, the pool, the people involved and the population side by side (percentages).</summary>
    public string Paired(string title, IReadOnlyList<DiversityAnswer> answers)
    {
        const double width = 640, labelWidth = 190, valueWidth = 70, bar = 11, gap = 2, group = (3 * (bar + gap)) + 14, top = 30;
        var height = top + (Math.Max(1, answers.Count) * group) + 6;
        var plotWidth = width - labelWidth - valueWidth;
        var all = answers.SelectMany(a => new[] { a.PoolShare, a.InvolvedShare, a.PopulationShare }).ToList();
        var alternative = answers.Select(a => new ChartPoint(BoardFormat.Label(a.Answer),
            new BoardFigure
            {
                Status = FigureStatus.Shown,
                Value = $"pool {BoardFormat.Value(a.PoolShare, MetricUnit.Percent)}, involved {BoardFormat.Value(a.InvolvedShare, MetricUnit.Percent)}, population {BoardFormat.Value(a.PopulationShare, MetricUnit.Percent)}",
            })).ToList();
        var max = ScaleMax(MetricUnit.Percent, all);
        var svg = Open(title, width, height, alternative, valuesAsPublished: true);
        if (max is null)
        {
            return svg.Append(Empty(width, height, [])).Append("</svg>").ToString();
        }

        var series = new[] { ("Pool", Green), ("Involved this quarter", Blue), ("Local population", Grey) };
        var legendX = labelWidth;
        foreach (var (name, colour) in series)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{N(legendX)}\" y=\"6\" width=\"12\" height=\"12\" fill=\"{colour}\"/>");
            svg.Append(Label(legendX + 16, 16, name, "start", 12));
            legendX += 30 + (name.Length * 6.6);
        }

        for (var i = 0; i < answers.Count; i++)
        {
            var a = answers[i];
            var y = top + (i * group);
            svg.Append(Label(labelWidth - 8, y + 23, Truncate(BoardFormat.Label(a.Answer), 28), "end", 12));
            var figures = new[] { a.PoolShare, a.InvolvedShare, a.PopulationShare };
            for (var s = 0; s < 3; s++)
            {
                var f = figures[s];
                var by = y + (s * (bar + gap));
                if (f.Status == FigureStatus.Shown)
                {
                    var w = Math.Max(0, Math.Min(1, f.Number / max.Value)) * plotWidth;
                    svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{N(labelWidth)}\" y=\"{N(by)}\" width=\"{N(w)}\" height=\"{N(bar)}\" fill=\"{series[s].Item2}\"/>");
                    svg.Append(Label(labelWidth + w + 4, by + 10, BoardFormat.Brief(f, MetricUnit.Percent), "start", 11));
                }
                else
                {
                    svg.Append(Label(labelWidth + 4, by + 10, BoardFormat.Brief(f, MetricUnit.Percent), "start", 11));
                }
            }
        }

        return svg.Append("</svg>").ToString();
    }

    /// <summary>Progress towards a target: the actual figure as a bar, the target and where it should be by now as markers.</summary>
    public string Target(string title, MetricUnit unit, TargetProgress progress)
    {
        const double width = 300, height = 58, left = 4, right = 4, barTop = 18, barHeight = 14;
        var plotWidth = width - left - right;
        var max = NiceMax(Math.Max(Math.Max(progress.Target?.Value ?? 0, progress.Actual), progress.ExpectedByNow) * 1.1);
        var target = progress.Target?.Value ?? 0;
        var text = $"{BoardFormat.Number(progress.Actual, unit)} of a target of {BoardFormat.Number(target, unit)} ({progress.ProgressPercent.ToString("0", En)}%), {BoardFormat.Label(progress.Status)}";
        var svg = Open(title, width, height, [new ChartPoint("Progress", new BoardFigure { Status = FigureStatus.Shown, Value = text })], valuesAsPublished: true);
        double X(double v) => left + (Math.Max(0, Math.Min(v, max)) / max * plotWidth);
        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{N(left)}\" y=\"{N(barTop)}\" width=\"{N(plotWidth)}\" height=\"{N(barHeight)}\" fill=\"#f0f4f5\" stroke=\"{Grid}\"/>");
        var colour = progress.Status is "behind" ? "#8a1538" : Blue;
        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{N(left)}\" y=\"{N(barTop)}\" width=\"{N(X(progress.Actual) - left)}\" height=\"{N(barHeight)}\" fill=\"{colour}\"/>");
        if (progress.ExpectedByNow > 0)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{N(X(progress.ExpectedByNow))}\" y1=\"{N(barTop - 3)}\" x2=\"{N(X(progress.ExpectedByNow))}\" y2=\"{N(barTop + barHeight + 3)}\" stroke=\"{Grey}\" stroke-width=\"2\" stroke-dasharray=\"3 2\"/>");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{N(X(target))}\" y1=\"{N(barTop - 6)}\" x2=\"{N(X(target))}\" y2=\"{N(barTop + barHeight + 6)}\" stroke=\"{Text}\" stroke-width=\"3\"/>");
        svg.Append(Label(Math.Min(X(target), width - 60), barTop - 8, $"target {BoardFormat.Number(target, unit)}", "middle", 10, bold: true));
        svg.Append(Label(left, height - 6, $"{BoardFormat.Number(progress.Actual, unit)} · {progress.ProgressPercent.ToString("0", En)}% · {BoardFormat.Label(progress.Status)}", "start", 10));
        return svg.Append("</svg>").ToString();
    }

    /// <summary>
    /// The top of the scale: a round number above every figure shown, 100 for percentages up to 100; null when no
    /// figure is shown (all withheld, not deployed or missing), so there is nothing to scale.
    /// </summary>
    public static double? ScaleMax(MetricUnit unit, IEnumerable<BoardFigure> figures)
    {
        var shown = figures.Where(f => f.Status == FigureStatus.Shown).Select(f => f.Number).ToList();
        if (shown.Count == 0)
        {
            return null;
        }

        var max = shown.Max();
        return unit == MetricUnit.Percent && max <= 100 ? 100 : NiceMax(max);
    }

    /// <summary>1, 2, 2.5 or 5 times a power of ten, at least <paramref name="value"/> (1 for nothing).</summary>
    public static double NiceMax(double value)
    {
        if (!(value > 0) || double.IsInfinity(value))
        {
            return 1;
        }

        var power = Math.Pow(10, Math.Floor(Math.Log10(value)));
        var f = value / power;
        var nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10;
        return nice * power;
    }

    /// <summary>5 or 4 gridline steps, whichever makes each step a round number (250: 50s; 200: 50s).</summary>
    public static int Divisions(double max)
    {
        foreach (var steps in new[] { 5, 4 })
        {
            var step = max / steps;
            var power = Math.Pow(10, Math.Floor(Math.Log10(step)));
            var f = Math.Round(step / power, 6);
            if (f is 1 or 2 or 2.5 or 5)
            {
                return steps;
            }
        }

        return 4;
    }

    public static string Encode(string text) => System.Net.WebUtility.HtmlEncode(text);

    private StringBuilder Open(string title, double width, double height, IReadOnlyList<ChartPoint> points, bool valuesAsPublished = false)
    {
        var id = $"chart-{++_next}";
        var description = points.Count == 0
            ? "No figures."
            : string.Join("; ", points.Select(p => $"{p.Label}: {(valuesAsPublished ? p.Figure.Value : BoardFormat.Spoken(p.Figure))}")) + ".";
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture,
            $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {N(width)} {N(height)}\" width=\"{N(width)}\" height=\"{N(height)}\" role=\"img\" aria-labelledby=\"{id}-t {id}-d\" {Font}>");
        svg.Append(CultureInfo.InvariantCulture, $"<title id=\"{id}-t\">{Encode(title)}</title><desc id=\"{id}-d\">{Encode(description)}</desc>");
        return svg;
    }

    private static string Empty(double width, double height, IReadOnlyList<ChartPoint> points)
    {
        var why = points.Count > 0 && points.All(p => p.Figure.Status == FigureStatus.NotDeployed)
            ? "Not deployed: the service that records this is not part of this installation."
            : points.Count > 0 && points.Any(p => p.Figure.Status == FigureStatus.Suppressed)
                ? "Every figure is withheld (*): too few people to publish."
                : "No data to chart yet.";
        return $"<rect x=\"0.5\" y=\"0.5\" width=\"{N(width - 1)}\" height=\"{N(height - 1)}\" fill=\"#f0f4f5\" stroke=\"{Grid}\"/>"
            + Label(width / 2, (height / 2) + 4, why, "middle", 11);
    }

    private static void Gridlines(StringBuilder svg, MetricUnit unit, double max, double left, double top, double plotWidth, double plotHeight)
    {
        var steps = Divisions(max);
        for (var i = 0; i <= steps; i++)
        {
            var y = top + plotHeight - (plotHeight * i / steps);
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{N(left)}\" y1=\"{N(y)}\" x2=\"{N(left + plotWidth)}\" y2=\"{N(y)}\" stroke=\"{(i == 0 ? Grey : Grid)}\" stroke-width=\"1\"/>");
            svg.Append(Label(left - 4, y + 4, BoardFormat.Number(max * i / steps, unit, axis: true), "end", 10));
        }
    }

    /// <summary>A figure with no bar: "*" (withheld) or "–" (no figure) on the baseline.</summary>
    private static void Marker(StringBuilder svg, BoardFigure figure, double x, double width, double baseline)
    {
        if (figure.Status == FigureStatus.Suppressed)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{N(x)}\" y=\"{N(baseline - 6)}\" width=\"{N(width)}\" height=\"6\" fill=\"none\" stroke=\"{Grey}\" stroke-dasharray=\"2 2\"/>");
        }

        svg.Append(Label(x + (width / 2), baseline - 10, BoardFormat.Brief(figure, MetricUnit.Count), "middle", 11, bold: true));
    }

    private static string Label(double x, double y, string text, string anchor, double size, bool bold = false) =>
        string.Create(CultureInfo.InvariantCulture,
            $"<text x=\"{N(x)}\" y=\"{N(y)}\" text-anchor=\"{anchor}\" font-size=\"{N(size)}\"{(bold ? " font-weight=\"bold\"" : "")} fill=\"{Text}\">{Encode(text)}</text>");

    private static (string, string) SplitQuarter(string label)
    {
        // "2026/27 Q3" → "Q3" over "26/27", so eight quarters fit side by side.
        var space = label.LastIndexOf(' ');
        if (space < 0)
        {
            return (label, "");
        }

        var year = label[..space];
        return (label[(space + 1)..], year.Length == 7 ? year[2..] : year);
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    private static string N(double value) => Math.Round(value, 1).ToString("0.#", CultureInfo.InvariantCulture);
}
