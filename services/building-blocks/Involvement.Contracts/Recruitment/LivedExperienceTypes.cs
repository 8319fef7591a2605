namespace Involvement.Contracts.Recruitment;

/// <summary>The codes events use for a member's lived-experience type (strings, so any subscriber can read them).</summary>
public static class LivedExperienceTypes
{
    public const string ServiceUser = "service_user";
    public const string Carer = "carer";
    public const string FamilyMember = "family_member";
    public const string Public = "public";

    public static readonly IReadOnlyList<string> All = [ServiceUser, Carer, FamilyMember, Public];
}
