namespace Involvement.BuildingBlocks.MemberDirectory;

/// <summary>What a service other than recruitment knows of a member.</summary>
public sealed record KnownMember(Guid MemberId, string DisplayName, long MemberVersion);
