namespace Involvement.Contracts.Recruitment;

/// <summary>
/// A member's personal data was erased in recruitment: every service must now erase its own copy (names, contact,
/// bank details), keeping only what identifies no one. A MemberStatusChanged to <c>left</c> comes with it when needed.
/// </summary>
/// <param name="Basis"><c>consent_withdrawn</c> or <c>erasure_requested</c>.</param>
public sealed record MemberErased(
    Guid EventId,
    DateTimeOffset OccurredAt,
    long AggregateVersion,
    Guid MemberId,
    string Basis) : IIntegrationEvent
{
    /// <summary>The name other services show for a member whose data was erased.</summary>
    public const string ErasedName = "Erased member";
}
