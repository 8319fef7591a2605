using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Involvement.BuildingBlocks.Time;
using Involvement.Reporting.Metrics;
using Involvement.Reporting.Periods;
using Involvement.Reporting.V1;

namespace Involvement.Reporting.BoardReport;

/// <summary>What the report is made from: published figures, feedback examples and target progress.</summary>
public sealed record BoardReportInputs(
    ReportingPeriod Period,
    IReadOnlyList<StoredFigure> Figures,
    IReadOnlyList<StoredFigure> History,
    IReadOnlyList<FeedbackExample>? Feedback,
    IReadOnlyDictionary<string, TargetProgress>? Targets,
    DateTimeOffset GeneratedAt);

/// <summary>
/// Puts the published figures into the report's sections. Pure: it never computes or rounds a figure, and a
/// metric without figures gets a "no data" total rather than an error.
/// </summary>
public static class BoardReportBuilder
{
    public const string NoDataValue = "no data";

    public static V1.BoardReport Build(BoardReportInputs inputs, IReadOnlyDictionary<string, Metrics.MetricDefinition> catalog)
    {
        var period = inputs.Period;
        var figures = inputs.Figures.ToLookup(f => f.Metric, StringComparer.Ordinal);
        var history = inputs.History.ToDictionary(f => (f.Metric, f.Period), f => f);
        BoardMetric Metric(BoardMetricSpec spec) => BuildMetric(spec, catalog, figures[spec.Code], period);

        var report = new V1.BoardReport
        {
            Period = MetricProto.Period(period),
            PeriodName = period.ToString(),
            PeriodStart = ProtoDates.ToProto(period.Start),
            PeriodEnd = ProtoDates.ToProto(period.End),
            GeneratedAt = Timestamp.FromDateTimeOffset(inputs.GeneratedAt),
            Membership = Section(BoardLayout.Membership, Metric),
            Diversity = Diversity(figures, period),
            Reach = Section(BoardLayout.Reach, Metric),
            Spread = Section(BoardLayout.Spread, Metric),
            Committees = Section(BoardLayout.Committees, Metric),
            Training = Section(BoardLayout.Training, Metric),
            Payments = Section(BoardLayout.Payments, Metric),
            Impact = Section(BoardLayout.Impact, Metric),
            InvolvementRequests = Section(BoardLayout.Requests, Metric),
            WeSaidWeDidAvailable = inputs.Feedback is not null,
            TargetsAvailable = inputs.Targets is not null,
        };

        var previous = period.PreviousQuarter();
        foreach (var spec in BoardLayout.Headlines)
        {
            var headline = new HeadlineFigure
            {
                Metric = Metric(spec),
                PreviousQuarter = history.TryGetValue((spec.Code, previous), out var before) ? Figure(before) : NoData(spec.Code, previous),
            };
            if (inputs.Targets?.TryGetValue(spec.Code, out var target) == true)
            {
                headline.Target = target;
            }

            report.Headlines.Add(headline);
        }

        foreach (var spec in BoardLayout.Flags)
        {
            var total = Total(spec.Code, figures[spec.Code], period);
            report.Flags.Add(new BoardFlag
            {
                MetricCode = spec.Code,
                Title = catalog.TryGetValue(spec.Code, out var d) ? d.Title : spec.Title,
                Meaning = d?.Meaning ?? spec.Meaning ?? "",
                Figure = total,
                State = FlagState(total),
            });
        }

        var quarters = TrendQuarters(period);
        foreach (var spec in BoardLayout.Trends)
        {
            report.Trends.Add(new BoardTrend
            {
                MetricCode = spec.Code,
                Title = catalog.TryGetValue(spec.Code, out var d) ? d.Title : spec.Title,
                Unit = d?.Unit ?? spec.Unit,
                Points = { quarters.Select(q => history.TryGetValue((spec.Code, q), out var f) ? Figure(f) : NoData(spec.Code, q)) },
            });
        }

        report.WeSaidWeDid.AddRange((inputs.Feedback ?? []).Select(e => new WeSaidWeDid
        {
            OpportunityTitle = e.OpportunityTitle ?? "",
            GivenOn = ProtoDates.ToProto(e.GivenOn),
            WeSaid = e.WeSaid,
            WeDid = e.WeDid,
        }));
        return report;
    }

    /// <summary>The quarters a trend covers: the last <see cref="BoardLayout.TrendQuarters"/>, oldest first.</summary>
    public static IReadOnlyList<ReportingPeriod> TrendQuarters(ReportingPeriod period)
    {
        var quarters = new List<ReportingPeriod> { period };
        while (quarters.Count < BoardLayout.TrendQuarters && quarters[^1].FinancialYear > ReportingPeriod.EarliestYear)
        {
            quarters.Add(quarters[^1].PreviousQuarter());
        }

        quarters.Reverse();
        return quarters;
    }

    /// <summary>RAISED for anything above zero, a "*" included (it stands for 1-7).</summary>
    public static BoardFlagState FlagState(BoardFigure figure) => figure.Status switch
    {
        FigureStatus.Shown => figure.Number > 0 ? BoardFlagState.Raised : BoardFlagState.Clear,
        FigureStatus.Suppressed => BoardFlagState.Raised,
        FigureStatus.NotDeployed => BoardFlagState.NotDeployed,
        _ => BoardFlagState.NoData,
    };

    public static BoardFigure Figure(StoredFigure f) => new()
    {
        MetricCode = f.Metric,
        Period = MetricProto.Period(f.Period),
        CareGroup = f.CareGroup,
        Category = f.Category,
        Status = MetricValueStore.StatusOf(f.Status),
        Value = f.Value,
        Number = f.Number ?? 0,
        Exact = f.Exact,
    };

    public static BoardFigure NoData(string metric, ReportingPeriod period, string category = "") => new()
    {
        MetricCode = metric,
        Period = MetricProto.Period(period),
        Category = category,
        Status = FigureStatus.NoData,
        Value = NoDataValue,
    };

    private static BoardSection Section(BoardSectionSpec spec, Func<BoardMetricSpec, BoardMetric> metric) => new()
    {
        Key = spec.Key,
        Title = spec.Title,
        Summary = spec.Summary,
        Metrics = { spec.Metrics.Select(metric) },
    };

    private static BoardMetric BuildMetric(BoardMetricSpec spec, IReadOnlyDictionary<string, Metrics.MetricDefinition> catalog, IEnumerable<StoredFigure> figures, ReportingPeriod period)
    {
        var definition = catalog.GetValueOrDefault(spec.Code);
        var all = figures.ToList();
        return new BoardMetric
        {
            MetricCode = spec.Code,
            Title = definition?.Title ?? spec.Title,
            Unit = definition?.Unit ?? spec.Unit,
            CategoryName = definition?.CategoryName ?? spec.CategoryName ?? "",
            HigherIsBetter = definition?.HigherIsBetter ?? spec.HigherIsBetter,
            Total = Total(spec.Code, all, period),
            Categories = { OrderCategories(all.Where(f => f.CareGroup.Length == 0 && f.Category.Length > 0)).Select(Figure) },
            CareGroups = { all.Where(f => f.CareGroup.Length > 0 && f.Category.Length == 0).OrderBy(f => f.CareGroup, StringComparer.Ordinal).Select(Figure) },
        };
    }

    private static BoardFigure Total(string code, IEnumerable<StoredFigure> figures, ReportingPeriod period) =>
        figures.FirstOrDefault(f => f.CareGroup.Length == 0 && f.Category.Length == 0) is { } total ? Figure(total) : NoData(code, period);

    /// <summary>Numbered categories (pyramid levels) in number order; others as named.</summary>
    private static IEnumerable<StoredFigure> OrderCategories(IEnumerable<StoredFigure> figures)
    {
        var list = figures.ToList();
        return list.All(f => int.TryParse(f.Category, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            ? list.OrderBy(f => int.Parse(f.Category, CultureInfo.InvariantCulture))
            : list.OrderBy(f => f.Category, StringComparer.Ordinal);
    }

    /// <summary>
    /// Diversity, question by question: each answer's share of the pool, of the people involved and of the
    /// population (categories <c>question:ANSWER</c>), with the response rates.
    /// </summary>
    private static DiversitySection Diversity(ILookup<string, StoredFigure> figures, ReportingPeriod period)
    {
        static (string Question, string Answer) Split(string category)
        {
            var colon = category.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? (category, "") : (category[..colon], category[(colon + 1)..]);
        }

        IEnumerable<StoredFigure> Trust(string code) => figures[code].Where(f => f.CareGroup.Length == 0 && f.Category.Contains(':', StringComparison.Ordinal));

        var shares = BoardLayout.DiversityCodes.Take(3).SelectMany(Trust).ToList();
        var responses = BoardLayout.DiversityCodes.Skip(3).SelectMany(Trust).ToList();
        var section = new DiversitySection
        {
            Title = "Diversity against the local population",
            Summary = "The pool and the people involved in the quarter against the local population profile, question by question, "
                + "from recruitment's aggregate equality snapshot (never from individuals), with how many answered.",
        };
        foreach (var question in shares.Concat(responses).Select(f => Split(f.Category).Question).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var byAnswer = shares.Where(f => Split(f.Category).Question == question).ToLookup(f => Split(f.Category).Answer, StringComparer.Ordinal);
            BoardFigure Share(string code, string answer, string category) =>
                byAnswer[answer].FirstOrDefault(f => f.Metric == code) is { } f ? Figure(f) : NoData(code, period, category);
            var q = new DiversityQuestion { Question = question };
            foreach (var answer in byAnswer.Select(g => g.Key).Order(StringComparer.Ordinal))
            {
                var category = $"{question}:{answer}";
                q.Answers.Add(new DiversityAnswer
                {
                    Answer = answer,
                    PoolShare = Share(BoardLayout.DiversityPool, answer, category),
                    InvolvedShare = Share(BoardLayout.DiversityInvolved, answer, category),
                    PopulationShare = Share(BoardLayout.DiversityPopulation, answer, category),
                });
            }

            q.PoolResponse.AddRange(responses.Where(f => f.Metric == BoardLayout.DiversityPoolResponse && Split(f.Category).Question == question).Select(Figure));
            q.InvolvedResponse.AddRange(responses.Where(f => f.Metric == BoardLayout.DiversityInvolvedResponse && Split(f.Category).Question == question).Select(Figure));
            section.Questions.Add(q);
        }

        return section;
    }
}
