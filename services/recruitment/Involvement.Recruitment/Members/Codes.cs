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
        _ => LivedExperienceType.Unspecified,
    };

    public static string Of(MemberStatus status) => Snake(status.ToString());

    public static string Of(ContactChannel channel) => Snake(channel.ToString());

    public static string Of(Scheme scheme) => Snake(scheme.ToString());

    public static string Of(RoleType roleType) => Snake(roleType.ToString());

    public static Scheme SchemeOf(string code) => Parse<Scheme>(code);

    public static string Of(AccessibleFormat format) => Snake(format.ToString());

    public static ContactChannel ContactChannelOf(string code) => Parse<ContactChannel>(code);

    public static AccessibleFormat AccessibleFormatOf(string code) => Parse<AccessibleFormat>(code);

    public static MemberStatus MemberStatusOf(string code) => Parse<MemberStatus>(code);

    public static string Of(ParticipantState state) => Snake(state.ToString());

    public static ParticipantState ParticipantStateOf(string code) => Parse<ParticipantState>(code);

    public static string Of(EngagementKind kind) => Snake(kind.ToString());

    public static EngagementKind EngagementKindOf(string code) => Parse<EngagementKind>(code);

    public static string Of(RequestStatus status) => Snake(status.ToString());

    public static RequestStatus RequestStatusOf(string code) => Parse<RequestStatus>(code);

    // Stored codes are snake_case enum names (EasyRead -> easy_read), stable however the API spells them.
    private static string Snake(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    private static TEnum Parse<TEnum>(string code)
        where TEnum : struct, Enum =>
        Enum.TryParse<TEnum>(code.Replace("_", "", StringComparison.Ordinal), true, out var value) ? value : default;
}
