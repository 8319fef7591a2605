using Grpc.Core;
using Involvement.BuildingBlocks.Errors;

namespace Involvement.BuildingBlocks.Security;

public static class CallerExtensions
{
    /// <summary>Who is calling: the token's subject, recorded with changes ("changed by").</summary>
    public static string Caller(this ServerCallContext context) =>
        context.GetHttpContext().User.FindFirst(Tokens.SubjectClaim)?.Value ?? "unknown";

    /// <summary>
    /// The caller's own member id, when they act as a member (role <see cref="Roles.Member"/>) and their token names
    /// one (<see cref="AuthOptions.MemberIdClaim"/>, mapped at validation); null otherwise. The one place a caller
    /// becomes a member.
    /// </summary>
    public static Guid? MemberId(this ServerCallContext context) =>
        context.GetHttpContext().User.IsInRole(Roles.Member) ? context.NamedMemberId() : null;

    /// <summary>
    /// The member id the token names, whatever roles it carries: a staff member may also be a member of the pool, and
    /// rules about a person (nobody approves their own claim) must recognise them acting as staff too.
    /// </summary>
    public static Guid? NamedMemberId(this ServerCallContext context) =>
        Guid.TryParse(context.GetHttpContext().User.FindFirst(Tokens.MemberIdClaim)?.Value, out var id) ? id : null;

    /// <summary>
    /// The project lead acting, when the caller acts as one (not also PPI team): they may act only on what they own.
    /// Null for the PPI team, who act on everything.
    /// </summary>
    public static string? ActingLead(this ServerCallContext context) =>
        context.IsInAnyRole(Roles.ProjectLead) && !context.IsInAnyRole(Roles.PpiTeam) ? context.Caller() : null;

    public static bool IsInAnyRole(this ServerCallContext context, params string[] roles) =>
        roles.Any(context.GetHttpContext().User.IsInRole);

    /// <summary>
    /// A member may act only on their own record; staff roles act on anyone's. Throws PERMISSION_DENIED otherwise.
    /// </summary>
    public static void EnsureMayActOnMember(this ServerCallContext context, Guid memberId, params string[] staffRoles)
    {
        if (context.IsInAnyRole(staffRoles) || context.MemberId() == memberId)
        {
            return;
        }

        throw new PermissionDeniedException("A member may only see their own record.");
    }
}
