using Grpc.Core;
using Involvement.BuildingBlocks.Errors;
using Involvement.BuildingBlocks.Security;

namespace Involvement.Training.Members;

/// <summary>Who may see what in training: trainers and the PPI team everyone's records, a member their own.</summary>
internal static class MemberCaller
{
    public const string Staff = $"{Roles.Trainer},{Roles.PpiTeam}";

    /// <summary>The same roles, for <see cref="CallerExtensions.EnsureMayActOnMember"/>.</summary>
    public static readonly string[] StaffRoles = [Roles.Trainer, Roles.PpiTeam];

    public const string StaffOrMember = $"{Roles.Trainer},{Roles.PpiTeam},{Roles.Member}";

    /// <summary>
    /// The member a caller is confined to: null for trainers and the PPI team, the caller's own member id for a member.
    /// </summary>
    public static Guid? OwnOnly(ServerCallContext context) =>
        context.IsInAnyRole(StaffRoles) ? null
        : context.MemberId() ?? throw new PermissionDeniedException("A member may only see their own records.");
}
