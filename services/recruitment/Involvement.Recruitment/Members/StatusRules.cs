using Involvement.Recruitment.V1;

namespace Involvement.Recruitment.Members;

/// <summary>
/// A member's path through the pool: applicant -> active <-> paused -> left. People step back and return when they
/// need to (4PI Process); leaving ends the membership (re-joining is a new registration).
/// </summary>
public static class StatusRules
{
    public static bool CanMove(MemberStatus from, MemberStatus to) => (from, to) switch
    {
        (MemberStatus.Applicant, MemberStatus.Active) => true,
        (MemberStatus.Applicant, MemberStatus.Left) => true,
        (MemberStatus.Active, MemberStatus.Paused) => true,
        (MemberStatus.Active, MemberStatus.Left) => true,
        (MemberStatus.Paused, MemberStatus.Active) => true,
        (MemberStatus.Paused, MemberStatus.Left) => true,
        _ => false,
    };

    /// <summary>A member acting on their own record may step back, return or leave; approval as active is the PPI team's.</summary>
    public static bool MemberMayChooseThemselves(MemberStatus from, MemberStatus to) =>
        to is MemberStatus.Paused or MemberStatus.Left || (from == MemberStatus.Paused && to == MemberStatus.Active);

    public static bool NeedsReason(MemberStatus to) => to is MemberStatus.Paused or MemberStatus.Left;
}
