using Involvement.Training.Supervision;

namespace Involvement.UnitTests.Training;

public sealed class SupervisionRulesTests
{
    private static DateOnly D(int y, int m, int d) => new(y, m, d);

    [Theory]
    [InlineData(3, 4, false)]
    [InlineData(4, 4, true)]
    [InlineData(7, 4, true)]
    [InlineData(5, 6, false)]
    public void Supervision_is_needed_at_and_above_the_level(int level, int supervisionLevel, bool needs) =>
        Assert.Equal(needs, SupervisionRules.Needs(level, supervisionLevel));

    [Fact]
    public void Due_an_interval_after_the_last_supervision() =>
        Assert.Equal(D(2026, 4, 10), SupervisionRules.DueOn(D(2025, 6, 1), D(2026, 1, 10), 3));

    [Fact]
    public void Never_supervised_is_due_an_interval_after_reaching_the_level() =>
        Assert.Equal(D(2026, 5, 15), SupervisionRules.DueOn(D(2026, 2, 15), null, 3));

    [Fact]
    public void A_session_before_reaching_the_level_counts_from_reaching_it() =>
        Assert.Equal(D(2026, 6, 1), SupervisionRules.DueOn(D(2026, 3, 1), D(2026, 1, 5), 3));

    [Theory]
    [InlineData(2025, 11, 30, 3, 2026, 2, 28)]   // a month end stays in its month
    [InlineData(2023, 11, 30, 3, 2024, 2, 29)]   // leap year
    [InlineData(2024, 2, 29, 12, 2025, 2, 28)]   // leap day a year on
    [InlineData(2026, 1, 31, 1, 2026, 2, 28)]
    [InlineData(2026, 8, 31, 6, 2027, 2, 28)]
    public void Month_ends_and_leap_days(int y, int m, int d, int months, int ey, int em, int ed) =>
        Assert.Equal(D(ey, em, ed), SupervisionRules.DueOn(D(2000, 1, 1), D(y, m, d), months));

    [Fact]
    public void Overdue_only_once_the_due_day_has_passed()
    {
        Assert.False(SupervisionRules.IsOverdue(D(2026, 4, 10), D(2026, 4, 10)));
        Assert.True(SupervisionRules.IsOverdue(D(2026, 4, 10), D(2026, 4, 11)));
    }

    [Fact]
    public void At_or_above_since_is_the_start_of_the_unbroken_run_ending_at_the_newest_level()
    {
        LevelChange[] history =
        [
            new(1, 2, D(2024, 1, 1)),
            new(2, 4, D(2024, 6, 1)),
            new(3, 3, D(2025, 1, 1)),   // dropped below: the run restarts
            new(4, 5, D(2025, 3, 1)),
            new(5, 4, D(2025, 9, 1)),   // still at or above
        ];

        Assert.Equal(D(2025, 3, 1), SupervisionRules.AtOrAboveSince(history, 4));
        Assert.Equal(D(2024, 1, 1), SupervisionRules.AtOrAboveSince(history, 2));
    }

    [Fact]
    public void At_or_above_since_follows_versions_not_arrival_order()
    {
        LevelChange[] arrivedLate = [new(3, 5, D(2025, 3, 1)), new(1, 1, D(2024, 1, 1)), new(2, 4, D(2024, 6, 1))];

        Assert.Equal(D(2024, 6, 1), SupervisionRules.AtOrAboveSince(arrivedLate, 4));
    }

    [Fact]
    public void Below_the_level_now_means_no_supervision_needed() =>
        Assert.Null(SupervisionRules.AtOrAboveSince([new(1, 5, D(2024, 1, 1)), new(2, 3, D(2025, 1, 1))], 4));
}
