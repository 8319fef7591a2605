using Grpc.Core;
using Involvement.BuildingBlocks.Errors;
using Involvement.BuildingBlocks.Security;

namespace Involvement.Payments.Claims;

/// <summary>
/// Who is acting on a claim: the caller (recorded as created/submitted/approved by), the member id their token names
/// (staff may be members too), and, when they act only as a member, the member whose claims they may touch.
/// </summary>
public sealed record ClaimActor(string Caller, Guid? CallerMemberId, Guid? OwnClaimsOf)
{
    /// <summary>Staff roles act on every member's claims; anyone else only on their own (the token's member id).</summary>
    public static ClaimActor Of(ServerCallContext context, params string[] staffRoles)
    {
        var caller = context.Caller();
        var named = context.NamedMemberId();
        if (context.IsInAnyRole(staffRoles))
        {
            return new ClaimActor(caller, named, null);
        }

        // Not staff and no member id: Guid.Empty matches no member, so nothing is theirs.
        return new ClaimActor(caller, named, context.MemberId() ?? Guid.Empty);
    }

    public void EnsureMayActOn(Guid memberId)
    {
        if (OwnClaimsOf is { } self && self != memberId)
        {
            throw new PermissionDeniedException("A member may only see and act on their own claims.");
        }
    }
}
