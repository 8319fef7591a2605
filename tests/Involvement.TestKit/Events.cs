using Involvement.Contracts.Recruitment;

namespace Involvement.TestKit;

/// <summary>Events as recruitment would publish them, for tests of the services that consume them.</summary>
public static class Events
{
    public static MemberRegistered MemberRegistered(
        Guid? memberId = null, string displayName = "Test Member", string type = LivedExperienceTypes.ServiceUser, int level = 1, long version = 1) =>
        new(Guid.CreateVersion7(), DateTimeOffset.UtcNow, version, memberId ?? Guid.CreateVersion7(), displayName, type, level, DateTimeOffset.UtcNow,
            "Adult mental health", "Canterbury");
}
