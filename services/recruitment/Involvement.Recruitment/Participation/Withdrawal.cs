using Involvement.Recruitment.V1;

namespace Involvement.Recruitment.Participation;

/// <summary>What a withdrawal changed: the participant, and the reserve who took their seat, if one did.</summary>
public sealed record Withdrawal(Participant Participant, Participant? PromotedReserve);
