using Involvement.Training.Enrolments;

namespace Involvement.UnitTests.Training;

public sealed class WaitingListRulesTests
{
    private static readonly DateTimeOffset Nine = new(2026, 6, 1, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(10, 9, 0, "enrolled")]
    [InlineData(10, 10, 0, "waiting")]
    [InlineData(10, 9, 1, "waiting")]      // a free place goes to whoever is waiting, not to a newcomer
    [InlineData(1, 0, 0, "enrolled")]
    public void A_request_has_a_place_only_when_one_is_free_and_nobody_waits(int capacity, int enrolled, int waiting, string expected) =>
        Assert.Equal(expected, WaitingListRules.StateOnRequest(capacity, enrolled, waiting));

    [Fact]
    public void A_freed_place_goes_to_whoever_asked_first()
    {
        var second = new WaitingLearner(Guid.NewGuid(), Nine.AddMinutes(2));
        var first = new WaitingLearner(Guid.NewGuid(), Nine.AddMinutes(1));
        var third = new WaitingLearner(Guid.NewGuid(), Nine.AddMinutes(3));

        Assert.Equal([first], WaitingListRules.ToPromote(capacity: 10, enrolled: 9, [second, third, first]));
    }

    [Fact]
    public void A_raised_capacity_promotes_as_many_as_it_frees_in_order()
    {
        var waiting = Enumerable.Range(0, 5).Select(i => new WaitingLearner(Guid.NewGuid(), Nine.AddMinutes(i))).ToList();

        Assert.Equal(waiting.Take(3), WaitingListRules.ToPromote(capacity: 13, enrolled: 10, waiting.AsEnumerable().Reverse()));
        Assert.Equal(waiting, WaitingListRules.ToPromote(capacity: 100, enrolled: 10, waiting));
    }

    [Theory]
    [InlineData(10, 10)]
    [InlineData(8, 10)]     // capacity lowered below those enrolled (never allowed, but never promotes)
    public void A_full_session_promotes_nobody(int capacity, int enrolled) =>
        Assert.Empty(WaitingListRules.ToPromote(capacity, enrolled, [new WaitingLearner(Guid.NewGuid(), Nine)]));

    [Fact]
    public void Requests_at_the_same_instant_are_taken_in_enrolment_id_order()
    {
        var later = new WaitingLearner(Guid.Parse("00000000-0000-0000-0000-000000000002"), Nine);
        var earlier = new WaitingLearner(Guid.Parse("00000000-0000-0000-0000-000000000001"), Nine);

        Assert.Equal([earlier], WaitingListRules.ToPromote(capacity: 1, enrolled: 0, [later, earlier]));
    }

    [Theory]
    [InlineData("both", "member", true)]
    [InlineData("both", "staff", true)]
    [InlineData("staff", "staff", true)]
    [InlineData("staff", "member", false)]
    [InlineData("service_users_and_carers", "member", true)]
    [InlineData("service_users_and_carers", "staff", false)]
    public void A_modules_audience_admits_its_kinds_of_learner(string audience, string kind, bool admitted) =>
        Assert.Equal(admitted, WaitingListRules.AudienceAdmits(audience, kind));
}
