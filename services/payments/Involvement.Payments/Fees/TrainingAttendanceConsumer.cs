using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Messaging;
using Involvement.Contracts.Training;

namespace Involvement.Payments.Fees;

/// <summary>
/// Pays attendance at a paid training session as attendance at an opportunity is paid: one fee line per member and
/// session (the attendance id), through <see cref="FeeLineStore.RecordAsync"/>. The session is written down as the
/// line's opportunity first, so its cost centre is charged.
/// </summary>
public sealed class TrainingAttendanceConsumer(Db db, OpportunityStore opportunities, FeeLineStore fees) : IdempotentConsumer<TrainingAttendanceRecorded>(db)
{
    protected override async Task HandleAsync(TrainingAttendanceRecorded message, UnitOfWork unit)
    {
        await opportunities.ApplyTrainingSessionAsync(unit, message);
        await fees.RecordAsync(unit, FeeAttendance.From(message));
    }
}

/// <summary>A held session's attendance arrives at once, as a register does (<see cref="ParticipationRecordedConsumerDefinition"/>).</summary>
public sealed class TrainingAttendanceConsumerDefinition : RetryingConsumerDefinition<TrainingAttendanceConsumer>
{
    public TrainingAttendanceConsumerDefinition()
    {
        ConcurrentMessageLimit = FeeConcurrency.Messages;
        Endpoint(e => e.PrefetchCount = FeeConcurrency.Messages);
    }
}
