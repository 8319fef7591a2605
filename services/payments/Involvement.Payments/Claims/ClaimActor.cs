using Grpc.Core;
using Involvement.BuildingBlocks.Errors;
using Involvement.BuildingBlocks.Security;

namespace Involvement.Payments.Claims;

/// <summary>
/// Who is acting on a claim: the caller (recorded as created/submitted/approved by), and, when they act only as a
/// member, the member whose claims they may touch.
/// </summary>
public sealed record ClaimActor(string Caller, Guid? OwnClaimsOf)
{
    /// <summary>Staff roles act on every member's claims; anyone else only on their own (the token's subject).</summary>
    public static ClaimActor Of(ServerCallContext context, params string[] staffRoles)
    {
        var caller = context.Caller();
        if (context.IsInAnyRole(staffRoles))
        {
            return new ClaimActor(caller, null);
        }

        return new ClaimActor(caller, Guid.TryParse(caller, out var self) ? self : Guid.Empty);
    }

    public void EnsureMayActOn(Guid memberId)
    {
        if (OwnClaimsOf is { } self && self != memberId)
        {
            throw new PermissionDeniedException("A member may only see and act on their own claims.");
        }
    }
}
