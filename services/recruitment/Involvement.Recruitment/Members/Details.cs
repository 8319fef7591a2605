using Involvement.BuildingBlocks.Time;
using Involvement.BuildingBlocks.Errors;
using Involvement.Recruitment.V1;

namespace Involvement.Recruitment.Members;

/// <summary>A member's details after validation: trimmed, de-duplicated, within limits.</summary>
public sealed record Details(
    string? Email,
    string? Phone,
    string? PostalAddress,
    string? Postcode,
    IReadOnlyList<string> InvitationChannels,
    IReadOnlyList<string> Formats,
    string? InterpreterLanguage,
    IReadOnlyList<string> ReasonableAdjustments,
    IReadOnlyList<ServiceUse> ServicesUsed,
    IReadOnlyList<string> Interests,
    string? CareGroup,
    string? Locality)
{
    public static readonly Details None = From(new MemberDetails(), new RequestValidator(), "details", DateOnly.MinValue);

    /// <summary>Checks every detail, reporting violations under <paramref name="prefix"/> (e.g. <c>details.contact.email</c>).</summary>
    public static Details From(MemberDetails? details, RequestValidator v, string prefix, DateOnly today)
    {
        details ??= new MemberDetails();
        var contact = details.Contact ?? new ContactDetails();
        var communication = details.Communication ?? new CommunicationPreferences();

        var channels = communication.InvitationChannels.Select((c, i) => v.Enum($"{prefix}.communication.invitation_channels[{i}]", c, required: true))
            .Where(c => c != ContactChannel.Unspecified && Enum.IsDefined(c)).Distinct().ToList();
        var formats = communication.Formats.Select((f, i) => v.Enum($"{prefix}.communication.formats[{i}]", f, required: true))
            .Where(f => f != AccessibleFormat.Unspecified && Enum.IsDefined(f)).Distinct().ToList();
        var interpreterLanguage = v.Optional($"{prefix}.communication.interpreter_language", communication.InterpreterLanguage, 60);
        v.Must(!formats.Contains(AccessibleFormat.Interpreter) || interpreterLanguage is not null, $"{prefix}.communication.interpreter_language",
            "is required when the formats include an interpreter.");

        var email = v.OptionalEmail($"{prefix}.contact.email", contact.Email);
        var phone = v.Optional($"{prefix}.contact.phone", contact.Phone, 30);
        var address = v.OptionalMultiLine($"{prefix}.contact.postal_address", contact.PostalAddress, 500);
        v.Must(!channels.Contains(ContactChannel.Email) || email is not null, $"{prefix}.contact.email", "is required to invite by email.");
        v.Must(!channels.Contains(ContactChannel.Phone) || phone is not null, $"{prefix}.contact.phone", "is required to invite by phone.");
        v.Must(!channels.Contains(ContactChannel.Post) || address is not null, $"{prefix}.contact.postal_address", "is required to invite by post.");

        if (details.ServicesUsed.Count > 50)
        {
            v.Add($"{prefix}.services_used", $"may hold at most 50 services (got {details.ServicesUsed.Count}).");
        }

        var services = new List<ServiceUse>();
        for (var i = 0; i < details.ServicesUsed.Count && i < 50; i++)
        {
            var used = details.ServicesUsed[i];
            var name = v.Required($"{prefix}.services_used[{i}].service", used.Service, 200);
            var lastUsed = ProtoDates.Required(v, $"{prefix}.services_used[{i}].last_used", used.LastUsed);
            v.Must(lastUsed <= today, $"{prefix}.services_used[{i}].last_used", "cannot be in the future.");
            if (services.Any(s => string.Equals(s.Service, name, StringComparison.OrdinalIgnoreCase)))
            {
                v.Add($"{prefix}.services_used[{i}].service", $"names '{name}' twice; give each service once, with the date it was last used.");
            }
            else
            {
                services.Add(new ServiceUse(name, lastUsed));
            }
        }

        return new Details(
            email,
            phone,
            address,
            v.Optional($"{prefix}.contact.postcode", contact.Postcode, 10)?.ToUpperInvariant(),
            channels.Select(Codes.Of).ToList(),
            formats.Select(Codes.Of).ToList(),
            interpreterLanguage,
            v.TextList($"{prefix}.reasonable_adjustments", details.ReasonableAdjustments, 20, 200),
            services,
            v.TextList($"{prefix}.interests", details.Interests, 30, 60),
            v.Optional($"{prefix}.care_group", details.CareGroup, 100),
            v.Optional($"{prefix}.locality", details.Locality, 100));
    }
}

/// <summary>A trust service a member has used, and when they last used it.</summary>
public sealed record ServiceUse(string Service, DateOnly LastUsed);
