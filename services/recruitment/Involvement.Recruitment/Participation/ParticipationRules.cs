using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Errors;
using Involvement.Recruitment.V1;

namespace Involvement.Recruitment.Participation;

/// <summary>How a participant may move between states, and what attendance may record.</summary>
public static class ParticipationRules
{
    public const decimal MaxHours = 12m;

    /// <summary>Who can be decided on: people who asked to take part (or were held in reserve, or turned down before).</summary>
    public static bool MayBeDecided(ParticipantState state) =>
        state is ParticipantState.Interested or ParticipantState.Reserve or ParticipantState.NotSelected;

    public static ParticipantState StateAfter(Decision decision) => decision switch
    {
        Decision.Selected => ParticipantState.Selected,
        Decision.Reserve => ParticipantState.Reserve,
        _ => ParticipantState.NotSelected,
    };

    /// <summary>Hours attended, in quarter hours; none when the member did not attend.</summary>
    public static decimal Hours(RequestValidator v, bool attended, double hours)
    {
        if (!v.Finite("hours", hours, 0, (double)MaxHours))
        {
            return 0;
        }

        var value = (decimal)hours;
        if (!attended)
        {
            v.Must(value == 0, "hours", "must be 0 when the member did not attend.");
            return 0;
        }

        v.Must(value is > 0 and <= MaxHours, "hours", $"must be between 0.25 and {MaxHours} when the member attended.");
        v.Must(value * 4 == decimal.Truncate(value * 4), "hours", "must be in quarter hours, such as 1.75.");
        return value;
    }

    /// <summary>A stable id for one member at one session, so payments can pay it once whatever is replayed.</summary>
    public static Guid ParticipationId(Guid sessionId, Guid memberId) => StableIds.Of(sessionId, memberId);
}
