using Involvement.Training.Mentoring;

namespace Involvement.UnitTests.Training;

public sealed class MentorRulesTests
{
    private static readonly Guid Mentor = Guid.NewGuid();
    private static readonly Guid Mentee = Guid.NewGuid();

    [Fact]
    public void A_mentor_s_own_cap_overrides_the_trust_s()
    {
        Assert.Equal(5, MentorRules.CapFor(5, 3));
        Assert.Equal(3, MentorRules.CapFor(null, 3));
    }

    [Theory]
    [InlineData(0, 3, true)]
    [InlineData(2, 3, true)]
    [InlineData(3, 3, false)]
    [InlineData(4, 3, false)]   // a cap lowered below the open pairings
    public void Room_below_the_cap(int open, int cap, bool room) => Assert.Equal(room, MentorRules.HasRoom(open, cap));

    [Fact]
    public void A_pairing_within_the_cap_has_no_problems() =>
        Assert.Empty(MentorRules.PairingProblems(new PairingCandidate(Mentor, Mentee, true, false, 2, 3)));

    [Fact]
    public void Every_problem_is_named()
    {
        var problems = MentorRules.PairingProblems(new PairingCandidate(Mentor, Mentor, false, true, 3, 3));

        Assert.Equal(["MENTOR_IS_MENTEE", "MENTEE_NOT_A_MEMBER", "MENTEE_ALREADY_PAIRED", "MENTOR_AT_CAP"], problems.Select(p => p.Type));
    }

    [Theory]
    [InlineData(2026, 1, 15, 6, 2026, 7, 14)]
    [InlineData(2026, 8, 31, 6, 2027, 2, 27)]   // 31 Aug + 6 months is 28 Feb: new until the day before
    [InlineData(2023, 8, 31, 6, 2024, 2, 28)]   // leap year: 29 Feb, new until the 28th
    public void New_until_the_day_before_the_months_are_up(int y, int m, int d, int months, int ey, int em, int ed) =>
        Assert.Equal(new DateOnly(ey, em, ed), MentorRules.NewUntil(new DateOnly(y, m, d), months));

    [Fact]
    public void New_for_less_than_the_months()
    {
        var since = new DateOnly(2026, 1, 15);
        Assert.True(MentorRules.IsNewRepresentative(since, 6, new DateOnly(2026, 7, 14)));
        Assert.False(MentorRules.IsNewRepresentative(since, 6, new DateOnly(2026, 7, 15)));
    }
}
