using Involvement.Reporting.Diversity;
using Involvement.Reporting.Metrics;
using Involvement.Reporting.Periods;

namespace Involvement.UnitTests.Reporting;

public sealed class DiversityArithmeticTests
{
    private static readonly ReportingPeriod Q1 = new(2011, 1);

    private static readonly DiversitySnapshot Snapshot = new(
        20, 6,
        [new("sex", "SEX_FEMALE", 10), new("sex", "SEX_MALE", 5), new("sex", "SEX_PREFER_NOT_TO_SAY", 3), new("sex", "UNANSWERED", 2),
         new("ethnic_category", "ETHNIC_CATEGORY_Z_NOT_STATED", 4)],
        [new("sex", "SEX_FEMALE", 6)]);

    [Theory]
    [InlineData("UNANSWERED", EqualityAnswers.Unanswered)]
    [InlineData("SEX_UNSPECIFIED", EqualityAnswers.Unanswered)]
    [InlineData("SEX_PREFER_NOT_TO_SAY", EqualityAnswers.PreferNotToSay)]
    [InlineData("ETHNIC_CATEGORY_Z_NOT_STATED", EqualityAnswers.PreferNotToSay)]
    [InlineData("ETHNIC_CATEGORY_H_INDIAN", EqualityAnswers.Answered)]
    public void Answers_are_answered_prefer_not_to_say_or_unanswered(string answer, string response)
    {
        Assert.Equal(response, EqualityAnswers.ResponseOf(answer));
    }

    [Fact]
    public void Counts_shares_of_those_who_answered_and_response_rates()
    {
        var figures = DiversityArithmetic.Figures(Q1, Snapshot, [("sex", "SEX_OTHER")], new Dictionary<string, Dictionary<string, double>>()).ToList();

        Assert.Equal(20, Count(figures, DiversityArithmetic.Pool, ""));
        Assert.Equal(10, Count(figures, DiversityArithmetic.Pool, "sex:SEX_FEMALE"));
        Assert.Equal(0, Count(figures, DiversityArithmetic.Pool, "sex:SEX_OTHER"));            // known answer, nobody: 0
        Assert.Equal(0, Count(figures, DiversityArithmetic.Involved, "sex:SEX_MALE"));
        Assert.Equal(6, Count(figures, DiversityArithmetic.Involved, ""));

        var share = figures.OfType<ShareFigure>().Single(f => f.Metric == DiversityArithmetic.PoolShare && f.Category == "sex:SEX_FEMALE");
        Assert.Equal((10, 15), (share.Numerator, share.Denominator));    // of the 15 who answered
        Assert.DoesNotContain(figures, f => f.Metric == DiversityArithmetic.PoolShare && f.Category == "sex:SEX_PREFER_NOT_TO_SAY");

        Assert.Equal(15, Count(figures, DiversityArithmetic.PoolResponse, "sex:answered"));
        Assert.Equal(3, Count(figures, DiversityArithmetic.PoolResponse, "sex:prefer_not_to_say"));
        Assert.Equal(2, Count(figures, DiversityArithmetic.PoolResponse, "sex:unanswered"));
        // Members a question's counts leave out did not answer it: 20 in the pool, 4 chose "not stated".
        Assert.Equal(16, Count(figures, DiversityArithmetic.PoolResponse, "ethnic_category:unanswered"));
        Assert.Equal(0, Count(figures, DiversityArithmetic.PoolResponse, "ethnic_category:answered"));
        Assert.Equal(6, Count(figures, DiversityArithmetic.InvolvedResponse, "ethnic_category:unanswered"));
        Assert.DoesNotContain(figures, f => f.Metric == DiversityArithmetic.PopulationShare);
    }

    [Fact]
    public void The_population_profile_is_a_reference_figure_even_without_a_snapshot()
    {
        var profile = new Dictionary<string, Dictionary<string, double>> { ["sex"] = new() { ["SEX_FEMALE"] = 51.04, ["SEX_MALE"] = 48.96 } };

        var figures = DiversityArithmetic.Figures(Q1, null, [], profile).ToList();

        Assert.Equal(
            [("sex:SEX_FEMALE", 51.0m), ("sex:SEX_MALE", 49.0m)],
            figures.Cast<ReferenceFigure>().Select(f => (f.Category, f.Value)));
    }

    private static long Count(IEnumerable<ComputedFigure> figures, string metric, string category) =>
        figures.OfType<CountFigure>().Single(f => f.Metric == metric && f.CareGroup == "" && f.Category == category).Count;
}

public sealed class PopulationProfileSettingsTests
{
    [Fact]
    public void A_profile_must_name_answers_and_hold_percents_that_add_up_to_at_most_100()
    {
        var options = new Involvement.Reporting.ReportingOptions
        {
            PopulationProfile = new()
            {
                ["sex"] = new() { ["SEX_FEMALE"] = 60, ["SEX_MALE"] = 50 },
                ["ethnic category"] = new() { ["ETHNIC_CATEGORY_Z_NOT_STATED"] = 2, ["ETHNIC_CATEGORY_A_WHITE_BRITISH"] = 101 },
            },
        };

        var problems = options.Problems().ToList();

        Assert.Contains(problems, p => p.Contains("sex: the percents add up to more than 100", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("question 'ethnic category'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("'ETHNIC_CATEGORY_Z_NOT_STATED' must be an answer's code", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("ETHNIC_CATEGORY_A_WHITE_BRITISH must be a percent between 0 and 100", StringComparison.Ordinal));
        Assert.Empty(new Involvement.Reporting.ReportingOptions().Problems());
    }
}
