using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.MemberDirectory;
using Involvement.BuildingBlocks.Messaging;
using Involvement.Contracts.Recruitment;

namespace Involvement.Payments.Fees;

/// <summary>One fee line per attendance (<see cref="FeeLineStore.RecordAsync"/>).</summary>
public sealed class ParticipationRecordedConsumer(Db db, FeeLineStore fees) : IdempotentConsumer<ParticipationRecorded>(db)
{
    protected override Task HandleAsync(ParticipationRecorded message, UnitOfWork unit) => fees.RecordAsync(unit, FeeAttendance.From(message));
}

/// <summary>Adjusts the fee line for a corrected attendance (<see cref="FeeLineStore.CorrectAsync"/>), never a second fee.</summary>
public sealed class ParticipationCorrectedConsumer(Db db, FeeLineStore fees) : IdempotentConsumer<ParticipationCorrected>(db)
{
    protected override Task HandleAsync(ParticipationCorrected message, UnitOfWork unit) => fees.CorrectAsync(unit, message);
}

/// <summary>
/// Releases fee lines held because payments had not heard of the member. The directory entry is written here too,
/// under the member's fee lock, so a fee line being recorded at the same moment is either seen here or sees the member.
/// </summary>
public sealed class MemberArrivedForFeesConsumer(Db db, FeeLineStore fees) : IdempotentConsumer<MemberRegistered>(db)
{
    protected override async Task HandleAsync(MemberRegistered message, UnitOfWork unit)
    {
        await FeeLocks.MembersAsync(unit, [message.MemberId]);
        await KnownMembers.UpsertAsync(unit, message.MemberId, message.DisplayName, message.AggregateVersion);
        await fees.ReleaseUnknownMemberAsync(unit, message.MemberId);
    }
}

/// <summary>
/// Attendance arrives in bursts (a session's register is recorded at once) and each event waits mostly on the database,
/// so more run at a time than MassTransit's default (twice the cores); the member lock keeps one member's in order.
/// </summary>
public sealed class ParticipationRecordedConsumerDefinition : RetryingConsumerDefinition<ParticipationRecordedConsumer>
{
    public ParticipationRecordedConsumerDefinition()
    {
        ConcurrentMessageLimit = FeeConcurrency.Messages;
        Endpoint(e => e.PrefetchCount = FeeConcurrency.Messages);
    }
}

public sealed class ParticipationCorrectedConsumerDefinition : RetryingConsumerDefinition<ParticipationCorrectedConsumer>
{
    public ParticipationCorrectedConsumerDefinition()
    {
        ConcurrentMessageLimit = FeeConcurrency.Messages;
        Endpoint(e => e.PrefetchCount = FeeConcurrency.Messages);
    }
}

internal static class FeeConcurrency
{
    /// <summary>Attendance events handled at once per endpoint (each holds a database connection while it runs).</summary>
    public const int Messages = 32;
}

public sealed class MemberArrivedForFeesConsumerDefinition : RetryingConsumerDefinition<MemberArrivedForFeesConsumer>;
