using Grpc.Core;

namespace Involvement.BuildingBlocks.Security;

public static class CallerExtensions
{
    /// <summary>
    /// A member may act only on their own record; staff roles act on anyone's. Throws PERMISSION_DENIED otherwise.
    /// </summary>
    public static void EnsureMayActOnMember(this ServerCallContext context, Guid memberId, params string[] staffRoles)
    {
        var user = context.GetHttpContext().User;
        if (staffRoles.Any(user.IsInRole))
        {
            return;
        }

        if (user.IsInRole(Roles.Member) && Guid.TryParse(user.FindFirst(Tokens.SubjectClaim)?.Value, out var self) && self == memberId)
        {
            return;
        }

        throw new RpcException(new Status(StatusCode.PermissionDenied, "A member may only see their own record."));
    }
}
