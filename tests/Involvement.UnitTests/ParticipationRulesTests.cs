using Involvement.BuildingBlocks.Errors;
using Involvement.Recruitment.Participation;
using Involvement.Recruitment.V1;

namespace Involvement.UnitTests;

public sealed class ParticipationRulesTests
{
    [Theory]
    [InlineData(true, 2.5, true)]
    [InlineData(true, 0.25, true)]
    [InlineData(true, 12, true)]
    [InlineData(true, 0, false)]
    [InlineData(true, 1.1, false)]
    [InlineData(true, 12.25, false)]
    [InlineData(false, 0, true)]
    [InlineData(false, 1, false)]
    [InlineData(true, double.NaN, false)]
    [InlineData(true, double.PositiveInfinity, false)]
    [InlineData(true, 1e300, false)]
    [InlineData(false, -1e300, false)]
    public void Hours_are_quarter_hours_up_to_twelve_and_none_for_an_absence(bool attended, double hours, bool valid)
    {
        var v = new RequestValidator();
        ParticipationRules.Hours(v, attended, hours);
        Assert.Equal(valid, v.Violations.Count == 0);
    }

    [Fact]
    public void A_participation_id_is_stable_for_a_member_and_session_and_differs_otherwise()
    {
        var session = Guid.NewGuid();
        var member = Guid.NewGuid();

        Assert.Equal(ParticipationRules.ParticipationId(session, member), ParticipationRules.ParticipationId(session, member));
        Assert.NotEqual(ParticipationRules.ParticipationId(session, member), ParticipationRules.ParticipationId(member, session));
        Assert.Equal(8, ParticipationRules.ParticipationId(session, member).Version);
    }

    [Theory]
    [InlineData(ParticipantState.Interested, true)]
    [InlineData(ParticipantState.Reserve, true)]
    [InlineData(ParticipantState.NotSelected, true)]
    [InlineData(ParticipantState.Invited, false)]
    [InlineData(ParticipantState.Selected, false)]
    [InlineData(ParticipantState.Withdrawn, false)]
    public void Only_people_who_asked_to_take_part_are_decided_on(ParticipantState state, bool allowed)
    {
        Assert.Equal(allowed, ParticipationRules.MayBeDecided(state));
    }
}
