using Google.Protobuf.WellKnownTypes;
using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Errors;
using Involvement.Contracts.Recruitment;
using Involvement.Recruitment.V1;

namespace Involvement.Recruitment.Members;

/// <summary>Members in the recruitment database.</summary>
public sealed class MemberStore(Db db, TimeProvider clock)
{
    private const string Columns =
        "member_id, given_name, family_name, display_name, lived_experience_type, involvement_level, status, email, phone, consent_to_hold_data_at, registered_at, version";

    /// <summary>Stores a new applicant and, in the same transaction, the <see cref="MemberRegistered"/> event.</summary>
    public async Task<Member> RegisterAsync(UnitOfWork unit, NewMember member)
    {
        var now = clock.GetUtcNowForDatabase();
        var row = new MemberRow(
            Guid.CreateVersion7(now), member.GivenName, member.FamilyName, member.DisplayName, Codes.Of(member.LivedExperienceType),
            (int)member.InvolvementLevel, Codes.Of(MemberStatus.Applicant), member.Email, member.Phone, now.UtcDateTime, now.UtcDateTime, 1);
        await unit.ExecuteAsync(
            $"""
            insert into members ({Columns}, preferred_name)
            values (@MemberId, @GivenName, @FamilyName, @DisplayName, @LivedExperienceType, @InvolvementLevel, @Status,
                    @Email, @Phone, @ConsentToHoldDataAt, @RegisteredAt, @Version, @PreferredName)
            """,
            new
            {
                row.MemberId, row.GivenName, row.FamilyName, row.DisplayName, row.LivedExperienceType, row.InvolvementLevel,
                row.Status, row.Email, row.Phone, row.ConsentToHoldDataAt, row.RegisteredAt, row.Version, member.PreferredName,
            });
        await unit.PublishAsync(new MemberRegistered(
            Guid.CreateVersion7(now), now, row.Version, row.MemberId, row.DisplayName, row.LivedExperienceType, row.InvolvementLevel, now));
        return row.ToMessage();
    }

    public async Task<Member> GetAsync(Guid memberId, CancellationToken cancellationToken)
    {
        var row = await db.QuerySingleOrDefaultAsync<MemberRow>($"select {Columns} from members where member_id = @memberId", new { memberId }, cancellationToken);
        return row?.ToMessage() ?? throw new NotFoundException($"No member has id {memberId}.");
    }

    private sealed record MemberRow(
        Guid MemberId, string GivenName, string FamilyName, string DisplayName, string LivedExperienceType, int InvolvementLevel,
        string Status, string? Email, string? Phone, DateTime ConsentToHoldDataAt, DateTime RegisteredAt, long Version)
    {
        // Npgsql reads timestamptz as a UTC DateTime.
        public Member ToMessage() => new()
        {
            MemberId = MemberId.ToString(),
            GivenName = GivenName,
            FamilyName = FamilyName,
            DisplayName = DisplayName,
            LivedExperienceType = Codes.LivedExperienceTypeOf(LivedExperienceType),
            InvolvementLevel = (V1.InvolvementLevel)InvolvementLevel,
            Status = Codes.MemberStatusOf(Status),
            Email = Email ?? "",
            Phone = Phone ?? "",
            ConsentToHoldDataGivenAt = Timestamp.FromDateTime(ConsentToHoldDataAt),
            RegisteredAt = Timestamp.FromDateTime(RegisteredAt),
            Version = Version,
        };
    }
}
