using System.Globalization;
using System.Text;
using Involvement.Reporting.V1;

namespace Involvement.Reporting.BoardReport;

/// <summary>
/// The board report as one self-contained HTML page: inline CSS and SVG, no scripts, fonts or addresses outside it;
/// prints to A4 with each section on its own page and no chart cut across pages. Every text is HTML-encoded (the
/// "we said, we did" texts are typed by people), and every figure carries its disclosure status.
/// </summary>
public sealed class BoardReportDocument
{
    private static readonly CultureInfo En = CultureInfo.InvariantCulture;

    private readonly V1.BoardReport _report;
    private readonly SvgCharts _charts = new();
    private readonly StringBuilder _html = new();

    private BoardReportDocument(V1.BoardReport report) => _report = report;

    public static string Render(V1.BoardReport report) => new BoardReportDocument(report).Write();

    private static string E(string text) => SvgCharts.Encode(text);

    private string Write()
    {
        var title = $"Patient and public involvement: Trust Board report, {_report.PeriodName}";
        _html.Append("<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append(CultureInfo.InvariantCulture, $"<title>{E(title)}</title>\n<style>{Css}</style>\n</head>\n<body>\n<main>\n");
        Cover(title);
        Headlines();
        Trends();
        Section(_report.Membership);
        Diversity();
        Section(_report.Reach);
        Section(_report.Spread);
        Section(_report.Committees);
        Section(_report.Training);
        Section(_report.Payments);
        Section(_report.Impact);
        WeSaidWeDid();
        Section(_report.InvolvementRequests);
        Notes();
        _html.Append("</main>\n</body>\n</html>\n");
        return _html.ToString();
    }

    private void Cover(string title)
    {
        var start = new DateOnly(_report.PeriodStart.Year, _report.PeriodStart.Month, _report.PeriodStart.Day);
        var end = new DateOnly(_report.PeriodEnd.Year, _report.PeriodEnd.Month, _report.PeriodEnd.Day);
        var generated = _report.GeneratedAt.ToDateTimeOffset();
        _html.Append("<header class=\"cover\">\n")
            .Append(CultureInfo.InvariantCulture, $"<p class=\"kicker\">Quarterly report to the Trust Board</p>\n<h1>{E(title)}</h1>\n")
            .Append(CultureInfo.InvariantCulture, $"<p class=\"period\">{E(start.ToString("d MMMM yyyy", En))} to {E(end.ToString("d MMMM yyyy", En))}</p>\n")
            .Append(CultureInfo.InvariantCulture, $"<p class=\"generated\">Figures as published on {E(generated.ToString("d MMMM yyyy 'at' HH:mm 'UTC'", En))}. ")
            .Append("Every figure below the whole-trust total is disclosure-controlled; the notes at the end explain the marks.</p>\n")
            .Append("<nav aria-label=\"Contents\"><h2 class=\"contents\">Contents</h2><ol>");
        foreach (var (id, name) in Contents())
        {
            _html.Append(CultureInfo.InvariantCulture, $"<li><a href=\"#{id}\">{E(name)}</a></li>");
        }

        _html.Append("</ol></nav>\n</header>\n");
    }

    private IEnumerable<(string Id, string Name)> Contents() =>
    [
        ("headlines", "Headline figures and flags"),
        ("trends", "Trends by quarter"),
        (_report.Membership.Key, _report.Membership.Title),
        ("diversity", _report.Diversity.Title),
        (_report.Reach.Key, _report.Reach.Title),
        (_report.Spread.Key, _report.Spread.Title),
        (_report.Committees.Key, _report.Committees.Title),
        (_report.Training.Key, _report.Training.Title),
        (_report.Payments.Key, _report.Payments.Title),
        (_report.Impact.Key, _report.Impact.Title),
        ("we-said-we-did", "We said, we did"),
        (_report.InvolvementRequests.Key, _report.InvolvementRequests.Title),
        ("notes", "Notes on the figures"),
    ];

    private void Headlines()
    {
        _html.Append("<section id=\"headlines\" class=\"page\">\n<h2>Headline figures</h2>\n");
        _html.Append(_report.TargetsAvailable
            ? "<p class=\"lead\">This quarter against the last, with progress towards the year's target where one is set.</p>\n"
            : "<p class=\"lead\">This quarter against the last. Progress against targets is not available in this installation yet.</p>\n");
        _html.Append("<div class=\"cards\">\n");
        foreach (var h in _report.Headlines)
        {
            var m = h.Metric;
            _html.Append("<div class=\"card\">")
                .Append(CultureInfo.InvariantCulture, $"<h3>{E(m.Title)}</h3>")
                .Append(CultureInfo.InvariantCulture, $"<p class=\"big {StatusClass(m.Total)}\">{Figure(m.Total, m.Unit)}</p>")
                .Append(CultureInfo.InvariantCulture, $"<p class=\"was\">Last quarter: {Figure(h.PreviousQuarter, m.Unit)}{Change(m.Total, h.PreviousQuarter, m.Unit, m.HigherIsBetter)}</p>");
            if (h.Target is { } target)
            {
                _html.Append("<figure class=\"target\">").Append(_charts.Target($"{m.Title}: progress towards the target", m.Unit, target)).Append("</figure>");
            }
            else if (_report.TargetsAvailable)
            {
                _html.Append("<p class=\"muted\">No target set for this year.</p>");
            }

            _html.Append("</div>\n");
        }

        _html.Append("</div>\n");
        Flags();
        Key();
        _html.Append("</section>\n");
    }

    private void Flags()
    {
        _html.Append("<h2 class=\"flags-heading\">For the board's attention</h2>\n<ul class=\"flags\">\n");
        foreach (var flag in _report.Flags)
        {
            var (css, state) = flag.State switch
            {
                BoardFlagState.Raised => ("raised", "Needs attention"),
                BoardFlagState.Clear => ("clear", "None"),
                BoardFlagState.NotDeployed => ("muted", "Not deployed"),
                _ => ("muted", "No data"),
            };
            _html.Append(CultureInfo.InvariantCulture, $"<li class=\"flag {css}\"><strong>{E(state)}:</strong> {E(flag.Title)}")
                .Append(flag.State == BoardFlagState.Raised ? $" <span class=\"count\">{Figure(flag.Figure, MetricUnit.Count)}</span>" : "")
                .Append(flag.Meaning.Length > 0 ? $"<br><span class=\"meaning\">{E(flag.Meaning)}</span>" : "")
                .Append("</li>\n");
        }

        _html.Append("</ul>\n");
    }

    private void Trends()
    {
        _html.Append("<section id=\"trends\" class=\"page\">\n<h2>Trends by quarter</h2>\n")
            .Append(CultureInfo.InvariantCulture, $"<p class=\"lead\">Whole-trust figures for the last {BoardLayout.TrendQuarters} quarters to {E(_report.PeriodName)}. ")
            .Append("A column marked * was withheld (1-7); – means no figure was published for that quarter.</p>\n<div class=\"charts\">\n");
        foreach (var trend in _report.Trends)
        {
            var points = trend.Points.Select(p => new ChartPoint(new Periods.ReportingPeriod(p.Period.FinancialYear, p.Period.Quarter).ToString(), p)).ToList();
            var title = $"{trend.Title}{UnitSuffix(trend.Unit)}";
            _html.Append(CultureInfo.InvariantCulture, $"<figure class=\"chart\"><figcaption>{E(title)}</figcaption>")
                .Append(_charts.Columns($"{title}, by quarter", trend.Unit, points))
                .Append("</figure>\n");
        }

        _html.Append("</div>\n");
        Key();
        _html.Append("</section>\n");
    }

    private void Section(BoardSection section)
    {
        _html.Append(CultureInfo.InvariantCulture, $"<section id=\"{E(section.Key)}\" class=\"page\">\n<h2>{E(section.Title)}</h2>\n<p class=\"lead\">{E(section.Summary)}</p>\n");
        _html.Append(CultureInfo.InvariantCulture, $"<table class=\"figures\"><caption>{E(section.Title)}: whole-trust figures, {E(_report.PeriodName)}</caption>\n")
            .Append("<thead><tr><th scope=\"col\">Measure</th><th scope=\"col\" class=\"num\">This quarter</th></tr></thead>\n<tbody>\n");
        foreach (var m in section.Metrics)
        {
            _html.Append(CultureInfo.InvariantCulture, $"<tr><th scope=\"row\">{E(m.Title)}{UnitSuffix(m.Unit)}</th><td class=\"num {StatusClass(m.Total)}\">{Figure(m.Total, m.Unit)}</td></tr>\n");
        }

        _html.Append("</tbody></table>\n");

        foreach (var m in section.Metrics.Where(m => m.Categories.Count > 0))
        {
            var title = (m.Title.Contains(" by ", StringComparison.Ordinal) ? m.Title : $"{m.Title} by {m.CategoryName}") + UnitSuffix(m.Unit);
            _html.Append(CultureInfo.InvariantCulture, $"<figure class=\"chart wide\"><figcaption>{E(title)}</figcaption>")
                .Append(_charts.Bars(title, m.Unit, [.. m.Categories.Select(c => new ChartPoint(BoardFormat.Label(c.Category), c))]))
                .Append("</figure>\n");
        }

        CareGroups(section);
        Key();
        _html.Append("</section>\n");
    }

    private void CareGroups(BoardSection section)
    {
        var metrics = section.Metrics.Where(m => m.CareGroups.Count > 0).ToList();
        if (metrics.Count == 0)
        {
            return;
        }

        var groups = metrics.SelectMany(m => m.CareGroups.Select(g => g.CareGroup)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        _html.Append(CultureInfo.InvariantCulture, $"<table class=\"figures care-groups\"><caption>{E(section.Title)} by care group, {E(_report.PeriodName)}</caption>\n<thead><tr><th scope=\"col\">Care group</th>");
        foreach (var m in metrics)
        {
            _html.Append(CultureInfo.InvariantCulture, $"<th scope=\"col\" class=\"num\">{E(m.Title)}</th>");
        }

        _html.Append("</tr></thead>\n<tbody>\n");
        foreach (var group in groups)
        {
            _html.Append(CultureInfo.InvariantCulture, $"<tr><th scope=\"row\">{E(group)}</th>");
            foreach (var m in metrics)
            {
                var f = m.CareGroups.FirstOrDefault(g => g.CareGroup == group);
                _html.Append(f is null
                    ? "<td class=\"num muted\">no data</td>"
                    : $"<td class=\"num {StatusClass(f)}\">{Figure(f, m.Unit)}</td>");
            }

            _html.Append("</tr>\n");
        }

        _html.Append("</tbody></table>\n");
    }

    private void Diversity()
    {
        var d = _report.Diversity;
        _html.Append(CultureInfo.InvariantCulture, $"<section id=\"diversity\" class=\"page\">\n<h2>{E(d.Title)}</h2>\n<p class=\"lead\">{E(d.Summary)}</p>\n");
        if (d.Questions.Count == 0)
        {
            _html.Append("<p class=\"empty\">No data: no equality snapshot has been published for this quarter.</p>\n");
        }

        foreach (var q in d.Questions)
        {
            var question = BoardFormat.Label(q.Question);
            _html.Append(CultureInfo.InvariantCulture, $"<div class=\"question\"><h3>{E(question)}</h3>\n");
            if (q.Answers.Count > 0)
            {
                _html.Append(CultureInfo.InvariantCulture, $"<figure class=\"chart wide\"><figcaption>{E(question)}: pool, people involved and local population (%)</figcaption>")
                    .Append(_charts.Paired($"{question}: the pool, the people involved this quarter and the local population, as percentages", [.. q.Answers]))
                    .Append("</figure>\n");
            }

            Responses("Response in the pool", q.PoolResponse);
            Responses("Response among people involved", q.InvolvedResponse);
            _html.Append("</div>\n");
        }

        Key();
        _html.Append("</section>\n");
    }

    private void Responses(string label, IEnumerable<BoardFigure> figures)
    {
        var list = figures.ToList();
        if (list.Count == 0)
        {
            return;
        }

        _html.Append(CultureInfo.InvariantCulture, $"<p class=\"response\">{E(label)}: ")
            .Append(string.Join(", ", list.Select(f =>
            {
                var colon = f.Category.IndexOf(':', StringComparison.Ordinal);
                return $"{E(BoardFormat.Label(colon < 0 ? f.Category : f.Category[(colon + 1)..]).ToLower(En))} {Figure(f, MetricUnit.People)}";
            })))
            .Append("</p>\n");
    }

    private void WeSaidWeDid()
    {
        _html.Append("<section id=\"we-said-we-did\" class=\"page\">\n<h2>We said, we did</h2>\n")
            .Append("<p class=\"lead\">What experts by experience told us and what changed as a result: examples the PPI team marked publishable, given in the quarter.</p>\n");
        if (!_report.WeSaidWeDidAvailable)
        {
            _html.Append("<p class=\"empty\">Not available: this installation does not yet keep publishable feedback.</p>\n");
        }
        else if (_report.WeSaidWeDid.Count == 0)
        {
            _html.Append("<p class=\"empty\">No examples were marked publishable this quarter.</p>\n");
        }

        foreach (var example in _report.WeSaidWeDid)
        {
            var given = new DateOnly(example.GivenOn.Year, example.GivenOn.Month, example.GivenOn.Day);
            _html.Append("<article class=\"example\">")
                .Append(CultureInfo.InvariantCulture, $"<h3>{E(example.OpportunityTitle.Length > 0 ? example.OpportunityTitle : "Involvement opportunity")}</h3>")
                .Append(CultureInfo.InvariantCulture, $"<p class=\"muted\">{E(given.ToString("d MMMM yyyy", En))}</p>")
                .Append(CultureInfo.InvariantCulture, $"<div class=\"said\"><h4>We said</h4><p>{Paragraphs(example.WeSaid)}</p></div>")
                .Append(CultureInfo.InvariantCulture, $"<div class=\"did\"><h4>We did</h4><p>{Paragraphs(example.WeDid)}</p></div>")
                .Append("</article>\n");
        }

        _html.Append("</section>\n");
    }

    private void Notes()
    {
        _html.Append("<section id=\"notes\" class=\"page\">\n<h2>Notes on the figures</h2>\n<dl class=\"notes\">\n")
            .Append("<dt>*</dt><dd>Withheld: a count of 1 to 7, or a share, average or amount over 1 to 7 people. Publishing it could identify someone (NHS Digital disclosure control).</dd>\n")
            .Append("<dt>†</dt><dd>Rounded to the nearest 5 because a breakdown of it holds a small count, so the total less the other parts cannot reveal it.</dd>\n")
            .Append("<dt>Breakdowns</dt><dd>Every figure below the whole-trust total (by category or care group) is disclosure-controlled: 0 stays 0, 1 to 7 is *, other counts are rounded to the nearest 5, and percentages are worked out from the rounded counts.</dd>\n")
            .Append("<dt>not deployed</dt><dd>The service that records this is not part of this installation, so there is no figure: it is not zero.</dd>\n")
            .Append("<dt>no data</dt><dd>No figure has been published for the quarter: the measure is not yet computed, or nothing was recorded.</dd>\n")
            .Append("<dt>n/a</dt><dd>A share or average of nothing (no meetings, no answers) in the quarter.</dd>\n")
            .Append("<dt>–</dt><dd>In a chart: no figure for that quarter or category (no data, not deployed or n/a).</dd>\n")
            .Append("</dl>\n<p class=\"muted\">Reporting holds no personal data: every figure is computed from events and published only after disclosure control. Financial years run from 1 April (2026/27 is April 2026 to March 2027).</p>\n</section>\n");
    }

    private void Key() =>
        _html.Append("<p class=\"key\">* withheld (1-7) · † rounded to 5 · breakdowns disclosure-controlled · \"not deployed\": service not part of this installation · \"no data\": nothing published. See the notes at the end.</p>\n");

    private static string Figure(BoardFigure f, MetricUnit unit)
    {
        var mark = BoardFormat.Mark(f);
        return E(BoardFormat.Value(f, unit)) + (mark.Length > 0 ? $"<span class=\"mark\" title=\"rounded\">{mark}</span>" : "");
    }

    private static string StatusClass(BoardFigure f) => f.Status switch
    {
        FigureStatus.Shown => "shown",
        FigureStatus.Suppressed => "withheld",
        _ => "muted",
    };

    private static string Change(BoardFigure now, BoardFigure before, MetricUnit unit, bool higherIsBetter)
    {
        if (now.Status != FigureStatus.Shown || before.Status != FigureStatus.Shown)
        {
            return "";
        }

        var change = now.Number - before.Number;
        if (Math.Abs(change) < 1e-9)
        {
            return " (no change)";
        }

        var better = change > 0 == higherIsBetter;
        var amount = unit == MetricUnit.Percent
            ? Math.Abs(change).ToString("0.#", En) + " points"
            : BoardFormat.Number(Math.Abs(change), unit);
        return $" <span class=\"{(better ? "better" : "worse")}\">({(change > 0 ? "up" : "down")} {E(amount)})</span>";
    }

    private static string UnitSuffix(MetricUnit unit) => unit switch
    {
        MetricUnit.Percent => " (%)",
        MetricUnit.Pence => " (£)",
        MetricUnit.Days => " (days)",
        MetricUnit.Score => " (score 1-5)",
        _ => "",
    };

    private static string Paragraphs(string text) =>
        string.Join("<br>", text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Select(E));

    private const string Css =
        """

        @page { size: A4; margin: 16mm 15mm 18mm 15mm; }
        * { box-sizing: border-box; }
        html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
        body { margin: 0; color: #1d1d1b; background: #fff; font: 11pt/1.45 "Liberation Sans", Arial, Helvetica, sans-serif; }
        main { max-width: 180mm; margin: 0 auto; padding: 0 4mm; }
        h1 { font-size: 24pt; line-height: 1.15; color: #003087; margin: 4mm 0 3mm; }
        h2 { font-size: 17pt; color: #003087; border-bottom: 2px solid #005eb8; padding-bottom: 1.5mm; margin: 0 0 3mm; }
        h3 { font-size: 12pt; margin: 0 0 1.5mm; }
        h4 { font-size: 10.5pt; margin: 0 0 1mm; color: #003087; }
        .page { break-before: page; page-break-before: always; padding-top: 2mm; }
        .cover { padding-top: 30mm; }
        .kicker { text-transform: uppercase; letter-spacing: .08em; color: #425563; font-weight: bold; margin: 0; }
        .period { font-size: 14pt; margin: 0 0 6mm; }
        .generated { color: #425563; }
        .contents { font-size: 13pt; border: 0; margin-top: 10mm; }
        nav ol { columns: 2; padding-left: 6mm; }
        a { color: #003087; }
        .lead { margin: 0 0 4mm; }
        .cards { display: grid; grid-template-columns: 1fr 1fr; gap: 3mm; }
        .card { border: 1px solid #aeb7bd; border-left: 5px solid #005eb8; padding: 2.5mm 3mm; break-inside: avoid; page-break-inside: avoid; }
        .card h3 { font-size: 10.5pt; }
        .big { font-size: 20pt; font-weight: bold; margin: 0; color: #003087; }
        .was { margin: .5mm 0 0; font-size: 9.5pt; color: #425563; }
        .better { color: #00703c; font-weight: bold; }
        .worse { color: #8a1538; font-weight: bold; }
        .flags-heading { margin-top: 6mm; font-size: 14pt; }
        .flags { list-style: none; padding: 0; margin: 0; }
        .flag { border: 1px solid #aeb7bd; padding: 2mm 3mm; margin: 0 0 2mm; break-inside: avoid; }
        .flag.raised { border-left: 6px solid #8a1538; background: #fbeef1; }
        .flag.clear { border-left: 6px solid #00703c; }
        .flag.muted { border-left: 6px solid #768692; }
        .count { font-weight: bold; }
        .meaning { font-size: 9.5pt; color: #425563; }
        .charts { display: grid; grid-template-columns: 1fr 1fr; gap: 3mm 4mm; }
        figure { margin: 0 0 4mm; break-inside: avoid; page-break-inside: avoid; }
        figcaption { font-weight: bold; font-size: 10pt; margin-bottom: 1mm; }
        figure svg { display: block; width: 100%; height: auto; max-width: 100%; }
        figure.target { margin: 2mm 0 0; }
        table { border-collapse: collapse; width: 100%; margin: 0 0 5mm; break-inside: avoid; page-break-inside: avoid; font-size: 10pt; }
        caption { text-align: left; font-weight: bold; padding-bottom: 1.5mm; }
        th, td { border-bottom: 1px solid #d8dde0; padding: 1.4mm 2mm; text-align: left; vertical-align: top; }
        thead th { border-bottom: 2px solid #425563; }
        tbody th { font-weight: normal; }
        .num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
        td.shown { font-weight: bold; }
        .withheld { color: #1d1d1b; font-weight: bold; }
        .muted { color: #4c6272; font-style: italic; }
        .mark { font-weight: bold; margin-left: .3mm; }
        .empty { border: 1px dashed #768692; padding: 3mm; color: #4c6272; }
        .question { break-inside: avoid; page-break-inside: avoid; margin-bottom: 4mm; }
        .response { font-size: 9.5pt; margin: 0 0 1mm; }
        .example { border: 1px solid #aeb7bd; padding: 3mm; margin: 0 0 3mm; display: grid; grid-template-columns: 1fr 1fr; gap: 1mm 4mm; break-inside: avoid; page-break-inside: avoid; }
        .example h3, .example > p { grid-column: 1 / -1; margin: 0; }
        .said { border-left: 4px solid #005eb8; padding-left: 2.5mm; }
        .did { border-left: 4px solid #00703c; padding-left: 2.5mm; }
        .said p, .did p { margin: 0; overflow-wrap: anywhere; }
        .key { font-size: 8.5pt; color: #425563; border-top: 1px solid #d8dde0; padding-top: 1.5mm; margin-top: 4mm; }
        .notes dt { font-weight: bold; float: left; width: 28mm; clear: left; }
        .notes dd { margin: 0 0 2.5mm 30mm; }
        @media screen { body { background: #e8edee; } main { background: #fff; padding: 10mm 12mm; } }

        """;
}
