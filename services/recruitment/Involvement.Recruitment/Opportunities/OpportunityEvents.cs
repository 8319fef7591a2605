using Involvement.Contracts.Recruitment;
using Involvement.Recruitment.Members;
using Involvement.Recruitment.V1;

namespace Involvement.Recruitment.Opportunities;

/// <summary>The facts OpportunityPublished and OpportunityChanged carry, taken from an opportunity as stored.</summary>
public static class OpportunityEvents
{
    public sealed record Facts(
        string Title, string Kind, string? Committee, string CostCentre, string RoleType, int? Level, string Rate, int Seats, int Reserves,
        bool HighLevel, IReadOnlyList<string> Flags, int Outcomes, IReadOnlyList<OpportunitySession> Sessions);

    public static Facts Describe(Opportunity o) => new(
        o.Content.Title,
        Involvement.BuildingBlocks.Data.CodeNames.Of(o.Content.Kind),
        o.Content.Committee.Length == 0 ? null : o.Content.Committee,
        o.Content.CostCentre,
        Codes.Of(o.Content.RoleType),
        o.Content.LevelRequired == InvolvementLevel.Unspecified ? null : (int)o.Content.LevelRequired,
        o.Content.PaymentOffer?.RateReference ?? "",
        o.Content.Seats,
        o.Content.ReserveSeats,
        o.Content.HighLevel,
        [.. o.Presence.Flags],
        o.Content.IntendedOutcomes.Count,
        [.. o.Sessions.Select(s => new OpportunitySession(
            Guid.Parse(s.SessionId), s.StartsAt.ToDateTimeOffset(), s.EndsAt.ToDateTimeOffset(), s.Online, s.Place.Length == 0 ? null : s.Place))]);
}
