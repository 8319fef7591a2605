using Grpc.Core;
using Involvement.BuildingBlocks.Errors;
using Involvement.BuildingBlocks.Security;

namespace Involvement.Training.Members;

/// <summary>Who may see what in development plans, mentoring and supervision: trainers and the PPI team everyone's, a member their own.</summary>
internal static class MemberCaller
{
    public const string Staff = $"{Roles.Trainer},{Roles.PpiTeam}";
    public const string StaffOrMember = $"{Roles.Trainer},{Roles.PpiTeam},{Roles.Member}";

    /// <summary>
    /// The member a caller is confined to: null for trainers and the PPI team, the caller's own member id for a member.
    /// </summary>
    public static Guid? OwnOnly(ServerCallContext context) =>
        context.IsInAnyRole(Roles.Trainer, Roles.PpiTeam) ? null
        : Guid.TryParse(context.Caller(), out var self) ? self
        : throw new PermissionDeniedException("A member may only see their own records.");

    /// <summary>Refuses a member naming anyone but themselves, before anything is looked up (so nothing is revealed).</summary>
    public static void EnsureOwn(ServerCallContext context, Guid learnerId)
    {
        if (OwnOnly(context) is { } self && self != learnerId)
        {
            throw new PermissionDeniedException("A member may only see and change their own records.");
        }
    }
}
