using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Messaging;
using Involvement.Contracts.Recruitment;

namespace Involvement.Payments.Fees;

/// <summary>Learns a published opportunity: its cost centre, rate and the date it was first offered.</summary>
public sealed class OpportunityPublishedConsumer(Db db, OpportunityStore opportunities) : IdempotentConsumer<OpportunityPublished>(db)
{
    protected override Task HandleAsync(OpportunityPublished m, UnitOfWork unit) =>
        opportunities.ApplyAsync(unit, m.AggregateVersion, m.OccurredAt, m.OpportunityId, m.Title, m.Kind, m.CostCentre, m.RateReference, m.RoleType, m.Sessions);
}

/// <summary>Follows changes to a published opportunity (cost centre, sessions); works whichever of publication and change arrives first.</summary>
public sealed class OpportunityChangedConsumer(Db db, OpportunityStore opportunities) : IdempotentConsumer<OpportunityChanged>(db)
{
    protected override Task HandleAsync(OpportunityChanged m, UnitOfWork unit) =>
        opportunities.ApplyAsync(unit, m.AggregateVersion, m.OccurredAt, m.OpportunityId, m.Title, m.Kind, m.CostCentre, m.RateReference, m.RoleType, m.Sessions);
}

public sealed class OpportunityCancelledConsumer(Db db, OpportunityStore opportunities) : IdempotentConsumer<OpportunityCancelled>(db)
{
    protected override Task HandleAsync(OpportunityCancelled m, UnitOfWork unit) =>
        opportunities.CancelAsync(unit, m.OpportunityId, m.AggregateVersion, m.WasPublished);
}

public sealed class OpportunityPublishedConsumerDefinition : RetryingConsumerDefinition<OpportunityPublishedConsumer>;

public sealed class OpportunityChangedConsumerDefinition : RetryingConsumerDefinition<OpportunityChangedConsumer>;

public sealed class OpportunityCancelledConsumerDefinition : RetryingConsumerDefinition<OpportunityCancelledConsumer>;
