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
    string? Email,
    string? Phone)
{
    public const int MaxNameLength = 100;
    public const int MaxIdempotencyKeyLength = 100;

    /// <summary>The name used in correspondence and shared with other services: the preferred name if given.</summary>
    public string DisplayName => PreferredName ?? $"{GivenName} {FamilyName}";

    /// <summary>Checks a registration request; throws every field violation at once.</summary>
    public static NewMember From(RegisterMemberRequest request)
    {
        var v = new RequestValidator();
        v.Required("idempotency_key", request.IdempotencyKey, MaxIdempotencyKeyLength);
        var member = new NewMember(
            v.Required("given_name", request.GivenName, MaxNameLength),
            v.Required("family_name", request.FamilyName, MaxNameLength),
            v.Optional("preferred_name", request.PreferredName, MaxNameLength),
            v.Enum("lived_experience_type", request.LivedExperienceType, required: true),
            v.Enum("involvement_level", request.InvolvementLevel, required: false) is var level && level == InvolvementLevel.Unspecified
                ? InvolvementLevel.Information
                : level,
            v.OptionalEmail("email", request.Email),
            v.Optional("phone", request.Phone, 30));
        v.Must(request.ConsentToHoldData, "consent_to_hold_data",
            "must be true: the trust may hold a member's data only with their consent.");
        v.ThrowIfInvalid();
        return member;
    }
}
