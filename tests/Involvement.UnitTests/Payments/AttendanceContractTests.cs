using Involvement.BuildingBlocks.Messaging;
using Involvement.Contracts.Recruitment;

namespace Involvement.UnitTests.Payments;

/// <summary>Payments pays from attendance events, so it refuses one that breaks their contract before it reaches a fee line.</summary>
public sealed class AttendanceContractTests
{
    private static readonly ParticipationRecorded Recorded = new(Guid.NewGuid(), DateTimeOffset.UtcNow, 2, Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(),
        Guid.NewGuid(), "consultant", "UHL-CONTRIB", DateTimeOffset.UtcNow, 2.5m);

    [Fact]
    public void A_well_formed_attendance_passes()
    {
        Assert.Empty(EventContract.Problems(Recorded));
        Assert.Empty(EventContract.Problems(new ParticipationCorrected(Guid.NewGuid(), DateTimeOffset.UtcNow, 3, Recorded.ParticipationId,
            Recorded.OpportunityId, Recorded.SessionId, Recorded.MemberId, "consultant", "UHL-CONTRIB", Recorded.SessionStartsAt, false, 0, 2.5m)));
    }

    [Fact]
    public void Hours_outside_a_day_a_missing_rate_or_id_are_refused()
    {
        Assert.Contains(EventContract.Problems(Recorded with { Hours = 30 }), p => p.StartsWith("hours 30", StringComparison.Ordinal));
        Assert.Contains(EventContract.Problems(Recorded with { Hours = -1 }), p => p.StartsWith("hours -1", StringComparison.Ordinal));
        Assert.Contains("rateReference is missing", EventContract.Problems(Recorded with { RateReference = " " }));
        Assert.Contains("participationId, opportunityId or sessionId is missing", EventContract.Problems(Recorded with { SessionId = Guid.Empty }));
    }

    [Fact]
    public void A_correction_to_absent_carries_no_hours()
    {
        var corrected = new ParticipationCorrected(Guid.NewGuid(), DateTimeOffset.UtcNow, 3, Recorded.ParticipationId, Recorded.OpportunityId,
            Recorded.SessionId, Recorded.MemberId, "consultant", "UHL-CONTRIB", Recorded.SessionStartsAt, false, 1.5m, 2.5m);

        Assert.Contains("hours is not 0 although the member did not attend", EventContract.Problems(corrected));
    }
}
