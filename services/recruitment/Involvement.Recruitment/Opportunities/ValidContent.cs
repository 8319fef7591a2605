using Involvement.BuildingBlocks.Errors;
using Involvement.Recruitment.V1;

namespace Involvement.Recruitment.Opportunities;

/// <summary>An opportunity's content after validation, with its sessions checked one by one.</summary>
public sealed record ValidContent(OpportunityContent Content, IReadOnlyList<ValidSession> Sessions)
{
    public static ValidContent From(OpportunityContent? content, RequestValidator v, string prefix = "content")
    {
        content ??= new OpportunityContent();
        var clean = new OpportunityContent
        {
            Title = v.Required($"{prefix}.title", content.Title, 200),
            Purpose = v.OptionalMultiLine($"{prefix}.purpose", content.Purpose, 2000) ?? "",
            LimitsOfInfluence = v.OptionalMultiLine($"{prefix}.limits_of_influence", content.LimitsOfInfluence, 2000) ?? "",
            RoleType = v.Enum($"{prefix}.role_type", content.RoleType, required: true),
            RoleDescription = v.OptionalMultiLine($"{prefix}.role_description", content.RoleDescription, 2000) ?? "",
            LevelRequired = v.Enum($"{prefix}.level_required", content.LevelRequired, required: false),
            PapersDueDaysBefore = content.PapersDueDaysBefore,
            Seats = content.Seats,
            ReserveSeats = content.ReserveSeats,
            HighLevel = content.HighLevel,
            CareGroup = v.Optional($"{prefix}.care_group", content.CareGroup, 100) ?? "",
            Locality = v.Optional($"{prefix}.locality", content.Locality, 100) ?? "",
            Kind = v.Enum($"{prefix}.kind", content.Kind, required: false),
            Committee = v.Optional($"{prefix}.committee", content.Committee, 200) ?? "",
            CostCentre = v.Optional($"{prefix}.cost_centre", content.CostCentre, 50) ?? "",
            PaymentOffer = content.PaymentOffer is null ? null : new PaymentOffer
            {
                RateReference = v.Required($"{prefix}.payment_offer.rate_reference", content.PaymentOffer.RateReference, 100),
                Description = v.RequiredMultiLine($"{prefix}.payment_offer.description", content.PaymentOffer.Description, 500),
            },
        };
        clean.IntendedOutcomes.AddRange(v.TextList($"{prefix}.intended_outcomes", content.IntendedOutcomes, 20, 500));
        clean.TrainingPrerequisites.AddRange(v.TextList($"{prefix}.training_prerequisites", content.TrainingPrerequisites, 20, 60));
        clean.AdjustmentsOffered.AddRange(v.TextList($"{prefix}.adjustments_offered", content.AdjustmentsOffered, 20, 200));
        clean.Topics.AddRange(v.TextList($"{prefix}.topics", content.Topics, 20, 60));
        v.Must(content.PapersDueDaysBefore is >= 0 and <= 60, $"{prefix}.papers_due_days_before", "must be between 0 and 60 (0 means the service's default).");
        v.Must(content.Seats is >= 0 and <= 100, $"{prefix}.seats", "must be between 0 and 100.");
        v.Must(content.ReserveSeats is >= 0 and <= 20, $"{prefix}.reserve_seats", "must be between 0 and 20.");
        v.Must(clean.Kind != OpportunityKind.Committee || clean.Committee.Length > 0, $"{prefix}.committee",
            "is required for a committee seat: name the committee it belongs to.");
        v.Must(clean.Kind == OpportunityKind.Committee || clean.Committee.Length == 0, $"{prefix}.committee",
            "is only for committee seats (kind OPPORTUNITY_KIND_COMMITTEE).");
        if (!string.IsNullOrWhiteSpace(content.InvolvementRequestId))
        {
            clean.InvolvementRequestId = v.Id($"{prefix}.involvement_request_id", content.InvolvementRequestId).ToString();
        }

        var sessions = new List<ValidSession>();
        if (content.Sessions.Count > 100)
        {
            v.Add($"{prefix}.sessions", $"may hold at most 100 sessions (got {content.Sessions.Count}).");
        }

        for (var i = 0; i < content.Sessions.Count && i < 100; i++)
        {
            var s = content.Sessions[i];
            var field = $"{prefix}.sessions[{i}]";
            Guid? id = string.IsNullOrWhiteSpace(s.SessionId) ? null : v.Id($"{field}.session_id", s.SessionId);
            var before = v.Violations.Count;
            v.Must(s.StartsAt is not null, $"{field}.starts_at", "is required.");
            v.Must(s.EndsAt is not null, $"{field}.ends_at", "is required.");
            var starts = s.StartsAt is null ? default : v.Instant($"{field}.starts_at", s.StartsAt);
            var ends = s.EndsAt is null ? default : v.Instant($"{field}.ends_at", s.EndsAt);
            var timesValid = v.Violations.Count == before;
            var place = v.Optional($"{field}.place", s.Place, 300);
            v.Must(place is not null || s.Online, $"{field}.place", "is required unless the session is online.");
            if (!timesValid)
            {
                continue;
            }

            v.Must(ends > starts && ends - starts <= TimeSpan.FromHours(12), $"{field}.ends_at", "must be after starts_at, within 12 hours.");
            sessions.Add(new ValidSession(id, starts, ends, place, s.Online));
        }

        var ids = sessions.Where(s => s.SessionId is not null).GroupBy(s => s.SessionId).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        v.Must(ids.Count == 0, $"{prefix}.sessions", "names a session id more than once.");
        return new ValidContent(clean, sessions.OrderBy(s => s.StartsAt).ToList());
    }

    /// <summary>An opportunity as stored, in the form the publishing rules read.</summary>
    public static ValidContent Of(Opportunity opportunity) => new(opportunity.Content, [.. opportunity.Sessions
        .Select(s => new ValidSession(Guid.Parse(s.SessionId), s.StartsAt.ToDateTimeOffset(), s.EndsAt.ToDateTimeOffset(), s.Place, s.Online))]);

    /// <summary>What 4PI Purpose and a fair offer need before anyone is invited: each missing piece, by name.</summary>
    public IReadOnlyList<PreconditionViolation> MissingForPublication()
    {
        var missing = new List<PreconditionViolation>();
        if (Content.Purpose.Length == 0)
        {
            missing.Add(new("PUBLICATION", "purpose", "State the purpose: why people are being involved."));
        }

        if (Content.IntendedOutcomes.Count == 0)
        {
            missing.Add(new("PUBLICATION", "intended_outcomes", "Record the intended outcomes at the start, so impact can be judged at the end."));
        }

        if (Content.PaymentOffer is null || Content.PaymentOffer.RateReference.Length == 0)
        {
            missing.Add(new("PUBLICATION", "payment_offer", "Say what taking part pays (a payment-policy rate reference) before anyone signs up."));
        }

        if (Content.Kind == OpportunityKind.Unspecified)
        {
            missing.Add(new("PUBLICATION", "kind", "Say what kind of involvement this is (committee, work stream, project, panel, event or quality and safety review)."));
        }

        if (Content.CostCentre.Length == 0)
        {
            missing.Add(new("PUBLICATION", "cost_centre", "Name the cost centre whose budget pays for taking part."));
        }

        if (Sessions.Count == 0)
        {
            missing.Add(new("PUBLICATION", "sessions", "Add at least one session with its date and place."));
        }

        return missing;
    }
}

public sealed record ValidSession(Guid? SessionId, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string? Place, bool Online);
