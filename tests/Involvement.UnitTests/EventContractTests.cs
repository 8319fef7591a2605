using Involvement.BuildingBlocks.Messaging;
using Involvement.Contracts.Recruitment;

namespace Involvement.UnitTests;

public sealed class EventContractTests
{
    private static MemberRegistered Registered(string type = LivedExperienceTypes.Carer, int level = 3, string name = "Amara Okafor") =>
        new(Guid.NewGuid(), DateTimeOffset.UtcNow, 1, Guid.NewGuid(), name, type, level, DateTimeOffset.UtcNow, "Adult mental health", "Canterbury");

    [Fact]
    public void A_registration_within_its_contract_has_no_problems()
    {
        Assert.Empty(EventContract.Problems(Registered()));
    }

    [Fact]
    public void Values_outside_the_contract_are_each_named()
    {
        var problems = EventContract.Problems(Registered(type: "martian", level: 99));

        Assert.Equal(2, problems.Count);
        Assert.Contains(problems, p => p.Contains("livedExperienceType 'martian'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("involvementLevel 99", StringComparison.Ordinal));
    }

    [Fact]
    public void A_bad_name_is_refused_without_being_repeated()
    {
        var name = "Amara\nOkafor";

        var problem = Assert.Single(EventContract.Problems(Registered(name: name)));

        Assert.StartsWith("displayName", problem, StringComparison.Ordinal);
        Assert.DoesNotContain("Amara", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void The_longest_name_recruitment_accepts_is_within_the_contract()
    {
        Assert.Empty(EventContract.Problems(Registered(name: new string('a', 100) + " " + new string('b', 100))));
    }

    [Fact]
    public void Statuses_levels_and_the_common_fields_are_checked()
    {
        var status = new MemberStatusChanged(Guid.Empty, default, 0, Guid.NewGuid(), "gone", "active");
        var level = new MemberLevelChanged(Guid.NewGuid(), DateTimeOffset.UtcNow, 2, Guid.Empty, 0, 1);

        Assert.Equal(4, EventContract.Problems(status).Count);   // eventId, occurredAt, aggregateVersion, status
        Assert.Equal(2, EventContract.Problems(level).Count);    // memberId, involvementLevel
    }
}
