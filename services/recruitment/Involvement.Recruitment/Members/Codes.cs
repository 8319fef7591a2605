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

    public static string Of(MemberStatus status) => status.ToString().ToLowerInvariant();

    public static MemberStatus MemberStatusOf(string code) => Enum.TryParse<MemberStatus>(code, true, out var s) ? s : MemberStatus.Unspecified;
}
