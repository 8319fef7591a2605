using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Messaging;
using Involvement.Contracts.Recruitment;

namespace Involvement.Training.Certificates;

/// <summary>A completion recorded by hand in recruitment becomes a certificate marked by_hand (<see cref="CertificateStore.RecordByHandAsync"/>).</summary>
public sealed class CompletionRecordedByHandConsumer(Db db, CertificateStore certificates) : IdempotentConsumer<CompletionRecordedByHand>(db)
{
    protected override Task HandleAsync(CompletionRecordedByHand message, UnitOfWork unit) => certificates.RecordByHandAsync(unit, message);
}

public sealed class CompletionRecordedByHandConsumerDefinition : RetryingConsumerDefinition<CompletionRecordedByHandConsumer>;
