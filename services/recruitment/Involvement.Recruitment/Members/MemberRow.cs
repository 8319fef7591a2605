using Involvement.BuildingBlocks.Time;
using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using Involvement.Recruitment.V1;

namespace Involvement.Recruitment.Members;

/// <summary>A row of <c>members</c> as Dapper reads it, and its API form.</summary>
public sealed class MemberRow
{
    public const string Columns =
        """
        member_id, given_name, family_name, preferred_name, display_name, lived_experience_type, involvement_level, status,
        email, phone, postal_address, postcode, invitation_channels, formats, interpreter_language, reasonable_adjustments,
        services_used::text as services_used, interests, care_group, locality, consent_to_hold_data_at, registered_at, version,
        code_of_conduct_version, code_of_conduct_agreed_on, erased_at
        """;

    public Guid MemberId { get; init; }
    public string GivenName { get; init; } = "";
    public string FamilyName { get; init; } = "";
    public string? PreferredName { get; init; }
    public string DisplayName { get; init; } = "";
    public string LivedExperienceType { get; init; } = "";
    public int InvolvementLevel { get; init; }
    public string Status { get; init; } = "";
    public string? Email { get; init; }
    public string? Phone { get; init; }
    public string? PostalAddress { get; init; }
    public string? Postcode { get; init; }
    public string[] InvitationChannels { get; init; } = [];
    public string[] Formats { get; init; } = [];
    public string? InterpreterLanguage { get; init; }
    public string[] ReasonableAdjustments { get; init; } = [];
    public string ServicesUsed { get; init; } = "[]";
    public string[] Interests { get; init; } = [];
    public string? CareGroup { get; init; }
    public string? Locality { get; init; }
    public DateTime ConsentToHoldDataAt { get; init; }   // Npgsql reads timestamptz as a UTC DateTime
    public DateTime RegisteredAt { get; init; }
    public long Version { get; init; }
    public string? CodeOfConductVersion { get; init; }
    public DateOnly? CodeOfConductAgreedOn { get; init; }
    public DateTime? ErasedAt { get; init; }

    public MemberStatus MemberStatus => Codes.MemberStatusOf(Status);

    public IReadOnlyList<ServiceUse> Services => JsonSerializer.Deserialize<ServiceUse[]>(ServicesUsed, Json) ?? [];

    public static string SerializeServices(IEnumerable<ServiceUse> services) => JsonSerializer.Serialize(services, Json);

    public Member ToMessage()
    {
        var details = new MemberDetails
        {
            Contact = new ContactDetails { Email = Email ?? "", Phone = Phone ?? "", PostalAddress = PostalAddress ?? "", Postcode = Postcode ?? "" },
            Communication = new CommunicationPreferences { InterpreterLanguage = InterpreterLanguage ?? "" },
            CareGroup = CareGroup ?? "",
            Locality = Locality ?? "",
        };
        details.Communication.InvitationChannels.AddRange(InvitationChannels.Select(Codes.ContactChannelOf));
        details.Communication.Formats.AddRange(Formats.Select(Codes.AccessibleFormatOf));
        details.ReasonableAdjustments.AddRange(ReasonableAdjustments);
        details.ServicesUsed.AddRange(Services
            .Select(s => new ServiceUsed { Service = s.Service, LastUsed = ProtoDates.ToProto(s.LastUsed) }));
        details.Interests.AddRange(Interests);

        return new Member
        {
            MemberId = MemberId.ToString(),
            GivenName = GivenName,
            FamilyName = FamilyName,
            PreferredName = PreferredName ?? "",
            DisplayName = DisplayName,
            LivedExperienceType = Codes.LivedExperienceTypeOf(LivedExperienceType),
            InvolvementLevel = (V1.InvolvementLevel)InvolvementLevel,
            Status = MemberStatus,
            ConsentToHoldDataGivenAt = Timestamp.FromDateTime(ConsentToHoldDataAt),
            RegisteredAt = Timestamp.FromDateTime(RegisteredAt),
            Version = Version,
            Details = details,
            CodeOfConduct = CodeOfConductAgreedOn is { } agreed
                ? new CodeOfConduct { Version = CodeOfConductVersion ?? "", AgreedOn = ProtoDates.ToProto(agreed) }
                : null,
            ErasedAt = ProtoDates.ToTimestamp(ErasedAt),
        };
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
}

/// <summary>A row of the status or level history.</summary>
public sealed record HistoryRow(string Value, string? Reason, DateTime ChangedAt, string ChangedBy);
