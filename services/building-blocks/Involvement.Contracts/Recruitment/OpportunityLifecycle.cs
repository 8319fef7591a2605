namespace Involvement.Contracts.Recruitment;

/// <summary>A published opportunity has run its course: no more invitations or decisions.</summary>
/// <param name="SeatsFilled">Seat holders when it closed.</param>
/// <param name="SessionsHeld">Sessions that had started by then.</param>
public sealed record OpportunityClosed(
    Guid EventId, DateTimeOffset OccurredAt, long AggregateVersion, Guid OpportunityId, int SeatsFilled, int SessionsHeld) : IIntegrationEvent;

/// <summary>An opportunity will not go ahead. The reason stays in recruitment (it is free text).</summary>
/// <param name="WasPublished">Whether members had been able to see it.</param>
public sealed record OpportunityCancelled(
    Guid EventId, DateTimeOffset OccurredAt, long AggregateVersion, Guid OpportunityId, bool WasPublished) : IIntegrationEvent;

/// <summary>A session's papers went out (4PI Process: well in advance).</summary>
/// <param name="OnTime">Sent on or before the due date (UK calendar).</param>
public sealed record PapersSent(
    Guid EventId, DateTimeOffset OccurredAt, long AggregateVersion, Guid OpportunityId, Guid SessionId, DateOnly PapersDueOn,
    DateTimeOffset SentAt, bool OnTime) : IIntegrationEvent;
