using Involvement.BuildingBlocks.Data;
using Involvement.Contracts.Recruitment;
using Involvement.Recruitment.V1;

namespace Involvement.Recruitment.Members;

/// <summary>Maps API enums to the codes stored and published (stable strings any subscriber can read).</summary>
public static class Codes
{
    public static string Of(LivedExperienceType type) => type switch
    {
        LivedExperienceType.ServiceUser => LivedExperienceTypes.ServiceUser,
        LivedExperienceType.Carer => LivedExperienceTypes.Carer,
        LivedExperienceType.FamilyMember => LivedExperienceTypes.FamilyMember,
        LivedExperienceType.Public => LivedExperienceTypes.Public,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "no code for this lived-experience type"),
    };

    public static LivedExperienceType LivedExperienceTypeOf(string code) => code switch
    {
        LivedExperienceTypes.ServiceUser => LivedExperienceType.ServiceUser,
        LivedExperienceTypes.Carer => LivedExperienceType.Carer,
        LivedExperienceTypes.FamilyMember => LivedExperienceType.FamilyMember,
        LivedExperienceTypes.Public => LivedExperienceType.Public,
        _ => throw new InvalidOperationException($"The stored code '{code}' is not a lived-experience type."),
    };

    public static string Of(MemberStatus status) => CodeNames.Of(status);

    public static string Of(ContactChannel channel) => CodeNames.Of(channel);

    public static string Of(Scheme scheme) => CodeNames.Of(scheme);

    public static string Of(RoleType roleType) => CodeNames.Of(roleType);

    public static Scheme SchemeOf(string code) => CodeNames.Parse<Scheme>(code);

    public static string Of(AccessibleFormat format) => CodeNames.Of(format);

    public static ContactChannel ContactChannelOf(string code) => CodeNames.Parse<ContactChannel>(code);

    public static AccessibleFormat AccessibleFormatOf(string code) => CodeNames.Parse<AccessibleFormat>(code);

    public static MemberStatus MemberStatusOf(string code) => CodeNames.Parse<MemberStatus>(code);

    public static string Of(ParticipantState state) => CodeNames.Of(state);

    public static ParticipantState ParticipantStateOf(string code) => CodeNames.Parse<ParticipantState>(code);

    public static string Of(EngagementKind kind) => CodeNames.Of(kind);

    public static EngagementKind EngagementKindOf(string code) => CodeNames.Parse<EngagementKind>(code);

    public static string Of(RequestStatus status) => CodeNames.Of(status);

    public static RequestStatus RequestStatusOf(string code) => CodeNames.Parse<RequestStatus>(code);
}
