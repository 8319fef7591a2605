using Involvement.BuildingBlocks.Messaging;
using Involvement.Contracts.Recruitment;

namespace Involvement.UnitTests.Reporting;

public sealed class ReportingEventContractTests
{
    [Fact]
    public void A_scheme_membership_names_a_known_scheme()
    {
        var ok = new SchemeMembershipStarted(Guid.NewGuid(), DateTimeOffset.UtcNow, 1, Guid.NewGuid(), Guid.NewGuid(), "volunteer", new DateOnly(2026, 4, 1));

        Assert.Empty(EventContract.Problems(ok));
        Assert.Contains("scheme 'astronaut'", Assert.Single(EventContract.Problems(ok with { Scheme = "astronaut" })), StringComparison.Ordinal);
        Assert.Equal(["membershipId is missing"],
            EventContract.Problems(new SchemeMembershipEnded(Guid.NewGuid(), DateTimeOffset.UtcNow, 2, Guid.Empty, Guid.NewGuid(), "volunteer", new DateOnly(2026, 5, 1))));
    }

    [Fact]
    public void An_equality_snapshot_covers_one_nhs_quarter_with_counts_of_codes()
    {
        var ok = new EqualitySnapshot(Guid.NewGuid(), DateTimeOffset.UtcNow, 1, new DateOnly(2027, 1, 1), new DateOnly(2027, 3, 31), 3, 0,
            [new("sex", "SEX_FEMALE", 3)], []);

        Assert.Empty(EventContract.Problems(ok));
        Assert.Equal(["periodStart and periodEnd are not one NHS quarter"], EventContract.Problems(ok with { PeriodEnd = new DateOnly(2027, 6, 30) }));
        Assert.Equal(["members is negative"], EventContract.Problems(ok with { Pool = [new("sex", "SEX_FEMALE", -1)] }));
        Assert.Equal(["answer is missing"], EventContract.Problems(ok with { Involved = [new("sex", " ", 1)] }));
    }
}
