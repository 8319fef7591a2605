using Involvement.BuildingBlocks.Errors;
using Involvement.Recruitment.V1;

namespace Involvement.Recruitment.Members;

/// <summary>A registration that has passed every rule, ready to store.</summary>
public sealed record NewMember(
    string GivenName,
    string FamilyName,
    string? PreferredName,
    LivedExperienceType LivedExperienceType,
    InvolvementLevel InvolvementLevel,
    Details Details)
{
    public const int MaxNameLength = 100;

    /// <summary>The name used in correspondence and shared with other services: the preferred name if given.</summary>
    public string DisplayName => DisplayNames.Of(GivenName, FamilyName, PreferredName);

    /// <summary>Checks a registration request; throws every field violation at once.</summary>
    public static NewMember From(RegisterMemberRequest request, DateOnly today)
    {
        var v = new RequestValidator();
        v.IdempotencyKey("idempotency_key", request.IdempotencyKey);
        var level = v.Enum("involvement_level", request.InvolvementLevel, required: false);
        var member = new NewMember(
            v.Required("given_name", request.GivenName, MaxNameLength),
            v.Required("family_name", request.FamilyName, MaxNameLength),
            v.Optional("preferred_name", request.PreferredName, MaxNameLength),
            v.Enum("lived_experience_type", request.LivedExperienceType, required: true),
            level == InvolvementLevel.Unspecified ? InvolvementLevel.Information : level,
            Details.From(request.Details, v, "details", today));
        v.Must(request.ConsentToHoldData, "consent_to_hold_data",
            "must be true: the trust may hold a member's data only with their consent.");
        v.ThrowIfInvalid();
        return member;
    }
}

public static class DisplayNames
{
    public static string Of(string givenName, string familyName, string? preferredName) => preferredName ?? $"{givenName} {familyName}";
}
