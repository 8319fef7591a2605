using Google.Protobuf.WellKnownTypes;
using Involvement.BuildingBlocks.Time;
using Involvement.Recruitment.Members;
using Involvement.Recruitment.V1;

namespace Involvement.Recruitment.Participation;

/// <summary>A row of <c>participants</c> with the member's display name, and its API form (attendance is added apart).</summary>
public sealed class ParticipantRow
{
    public Guid OpportunityId { get; init; }
    public Guid MemberId { get; init; }
    public string DisplayName { get; init; } = "";
    public string State { get; init; } = "";
    public DateTime? InvitedAt { get; init; }
    public bool InvitedThroughOutreach { get; init; }
    public DateTime? InterestedAt { get; init; }
    public DateTime? DecidedAt { get; init; }
    public string? DecisionReason { get; init; }
    public DateTime? WithdrawnAt { get; init; }
    public string? WithdrawalReason { get; init; }
    public long Version { get; init; }

    public Participant ToMessage() => new()
    {
        OpportunityId = OpportunityId.ToString(),
        MemberId = MemberId.ToString(),
        DisplayName = DisplayName,
        State = Codes.ParticipantStateOf(State),
        InvitedAt = ProtoDates.ToTimestamp(InvitedAt),
        InvitedThroughOutreach = InvitedThroughOutreach,
        InterestedAt = ProtoDates.ToTimestamp(InterestedAt),
        DecidedAt = ProtoDates.ToTimestamp(DecidedAt),
        DecisionReason = DecisionReason ?? "",
        WithdrawnAt = ProtoDates.ToTimestamp(WithdrawnAt),
        WithdrawalReason = WithdrawalReason ?? "",
        Version = Version,
    };

}
