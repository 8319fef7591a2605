using Involvement.BuildingBlocks.Errors;
using Involvement.Recruitment.V1;

namespace Involvement.Recruitment.Opportunities;

/// <summary>
/// What a published opportunity has promised and cannot take back in an update: the payment offer (people are paid
/// what they were offered), seats and reserve places already given, and everything publishing required.
/// </summary>
public static class PublishedRules
{
    public static IReadOnlyList<PreconditionViolation> Breaches(Opportunity published, ValidContent change)
    {
        var breaches = new List<PreconditionViolation>(change.MissingForPublication());
        // An opportunity published before offers were required may still be given one; after that it never changes.
        if (published.Content.PaymentOffer is not null && !Equals(published.Content.PaymentOffer, change.Content.PaymentOffer))
        {
            breaches.Add(new("PUBLISHED_TERMS", "payment_offer",
                "The payment offer is frozen once published: people signed up on these terms. Cancel and publish a new opportunity to change them."));
        }

        if (change.Content.RoleType != published.Content.RoleType)
        {
            breaches.Add(new("PUBLISHED_TERMS", "role_type", "The role is part of what people signed up to; it is frozen once published."));
        }

        if (change.Content.CostCentre.Length > 0 && change.Content.CostCentre != published.Content.CostCentre)
        {
            breaches.Add(new("PUBLISHED_TERMS", "cost_centre", "Fees are committed against the cost centre; it is frozen once published."));
        }

        if (change.Content.Seats < published.SeatsFilled)
        {
            breaches.Add(new("PUBLISHED_TERMS", "seats",
                $"{published.SeatsFilled} seats are already given; seats cannot drop below that (a seat holder must withdraw first)."));
        }

        if (change.Content.ReserveSeats < published.ReservesHeld)
        {
            breaches.Add(new("PUBLISHED_TERMS", "reserve_seats",
                $"{published.ReservesHeld} reserve places are already given; reserve places cannot drop below that."));
        }

        return breaches;
    }
}
