using Involvement.BuildingBlocks.Messaging;
using Involvement.Contracts.Payments;
using Involvement.Contracts.Training;

namespace Involvement.UnitTests.Reporting;

public sealed class NewReportingEventContractTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    [Fact]
    public void Events_within_their_contract_pass()
    {
        Assert.Empty(EventContract.Problems(new StaffTrainingCompleted(Guid.NewGuid(), Now, 1, Guid.NewGuid(), "intro", new(2026, 5, 1))));
        Assert.Empty(EventContract.Problems(new BudgetAllocated(Guid.NewGuid(), Now, 1, "CC-1", 2026, 0)));
        Assert.Empty(EventContract.Problems(new PaymentPreferenceChanged(Guid.NewGuid(), Now, 2, Guid.NewGuid(), "expenses_only")));
    }

    [Fact]
    public void Events_outside_their_contract_are_refused_naming_the_field()
    {
        Assert.Equal(["staffLearnerId is missing", "moduleCode is missing"],
            EventContract.Problems(new StaffTrainingCompleted(Guid.NewGuid(), Now, 1, Guid.Empty, " ", new(2026, 5, 1))));
        Assert.Equal(["financialYear 1999 is not between 2000 and 2100", "allocatedPence is negative"],
            EventContract.Problems(new BudgetAllocated(Guid.NewGuid(), Now, 1, "CC-1", 1999, -1)));
        Assert.Equal(["preference 'cash' is not one of bank_transfer, vouchers, expenses_only, declined"],
            EventContract.Problems(new PaymentPreferenceChanged(Guid.NewGuid(), Now, 2, Guid.NewGuid(), "cash")));
    }
}
