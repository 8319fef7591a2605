using Dapper;
using Grpc.Core;
using Involvement.BuildingBlocks.Security;
using Involvement.Recruitment.V1;

namespace Involvement.FunctionalTests.Recruitment;

public sealed class RegisterMemberTests(RecruitmentFixture fixture) : IClassFixture<RecruitmentFixture>
{
    [Fact]
    public async Task Registers_an_applicant_and_publishes_MemberRegistered_once()
    {
        var request = RecruitmentFixture.ValidRequest();

        var member = (await fixture.Client().RegisterMemberAsync(request)).Member;

        Assert.True(Guid.TryParse(member.MemberId, out _));
        Assert.Equal(MemberStatus.Applicant, member.Status);
        Assert.Equal($"Amara {request.FamilyName}", member.DisplayName);
        Assert.Equal(InvolvementLevel.InformedDecisions, member.InvolvementLevel);
        Assert.Equal(1, member.Version);
        Assert.NotNull(member.ConsentToHoldDataGivenAt);
        Assert.Equal(member, (await fixture.Client().GetMemberAsync(new GetMemberRequest { MemberId = member.MemberId })).Member);

        var published = await fixture.MemberEvents.WaitForAsync(e => e.MemberId.ToString() == member.MemberId);
        Assert.Equal(member.DisplayName, published.DisplayName);
        Assert.Equal("service_user", published.LivedExperienceType);
        Assert.Equal(3, published.InvolvementLevel);
        Assert.Equal(("Older people's mental health", "Canterbury"), (published.CareGroup, published.Locality));
        Assert.Equal(1, published.AggregateVersion);
        await fixture.SettledAsync();
        Assert.Single(fixture.MemberEvents.Received, e => e.MemberId.ToString() == member.MemberId);
    }

    [Fact]
    public async Task Preferred_name_becomes_the_display_name_and_level_defaults_to_information()
    {
        var request = RecruitmentFixture.ValidRequest();
        request.PreferredName = "  Mara ";
        request.InvolvementLevel = InvolvementLevel.Unspecified;

        var member = (await fixture.Client().RegisterMemberAsync(request)).Member;

        Assert.Equal("Mara", member.DisplayName);
        Assert.Equal(InvolvementLevel.Information, member.InvolvementLevel);
    }

    [Fact]
    public async Task A_retry_with_the_same_idempotency_key_returns_the_same_member_and_publishes_once()
    {
        var request = RecruitmentFixture.ValidRequest();

        var first = (await fixture.Client().RegisterMemberAsync(request)).Member;
        var second = (await fixture.Client().RegisterMemberAsync(request)).Member;

        Assert.Equal(first, second);
        await fixture.MemberEvents.WaitForAsync(e => e.MemberId.ToString() == first.MemberId);
        await fixture.SettledAsync();
        Assert.Single(fixture.MemberEvents.Received, e => e.MemberId.ToString() == first.MemberId);
        Assert.Equal(1, await CountMembersAsync(request.FamilyName));
    }

    [Fact]
    public async Task Concurrent_retries_with_one_key_create_one_member()
    {
        var request = RecruitmentFixture.ValidRequest();

        var replies = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => fixture.Client().RegisterMemberAsync(request).ResponseAsync));

        Assert.Single(replies.Select(r => r.Member.MemberId).Distinct());
        Assert.Equal(1, await CountMembersAsync(request.FamilyName));
    }

    [Fact]
    public async Task Reusing_a_key_for_a_different_request_is_refused_and_changes_nothing()
    {
        var request = RecruitmentFixture.ValidRequest();
        await fixture.Client().RegisterMemberAsync(request);
        var different = request.Clone();
        different.GivenName = "Someone else";

        var ex = await RpcAssert.FailsWith(StatusCode.AlreadyExists, () => fixture.Client().RegisterMemberAsync(different).ResponseAsync);

        Assert.Contains("idempotency key", ex.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(1, await CountMembersAsync(request.FamilyName));
    }

    public static TheoryData<string, Action<RegisterMemberRequest>> InvalidRequests => new()
    {
        { "idempotency_key", r => r.IdempotencyKey = " " },
        { "idempotency_key", r => r.IdempotencyKey = new string('k', 101) },
        { "given_name", r => r.GivenName = "" },
        { "given_name", r => r.GivenName = new string('a', 101) },
        { "family_name", r => r.FamilyName = "   " },
        { "preferred_name", r => r.PreferredName = new string('p', 101) },
        { "lived_experience_type", r => r.LivedExperienceType = LivedExperienceType.Unspecified },
        { "lived_experience_type", r => r.LivedExperienceType = (LivedExperienceType)99 },
        { "involvement_level", r => r.InvolvementLevel = (InvolvementLevel)8 },
        { "details.contact.email", r => r.Details.Contact.Email = "not-an-email" },
        { "details.contact.phone", r => r.Details.Contact.Phone = new string('1', 31) },
        { "details.contact.email", r => r.Details.Contact.Email = "" },   // invitations by email need an address
        { "details.communication.invitation_channels[1]", r => r.Details.Communication.InvitationChannels.Add((ContactChannel)9) },
        { "details.communication.interpreter_language", r => r.Details.Communication.Formats.Add(AccessibleFormat.Interpreter) },
        { "details.services_used[0].last_used", r => r.Details.ServicesUsed[0].LastUsed = new Google.Type.Date { Year = 2026, Month = 2, Day = 30 } },
        { "details.services_used[1].service", r => r.Details.ServicesUsed.Add(r.Details.ServicesUsed[0].Clone()) },
        { "details.interests[0]", r => r.Details.Interests[0] = new string('i', 61) },
        { "consent_to_hold_data", r => r.ConsentToHoldData = false },
    };

    [Theory]
    [MemberData(nameof(InvalidRequests))]
    public async Task Invalid_input_is_refused_field_by_field_and_changes_nothing(string field, Action<RegisterMemberRequest> spoil)
    {
        var request = RecruitmentFixture.ValidRequest();
        spoil(request);

        await RpcAssert.InvalidFields(() => fixture.Client().RegisterMemberAsync(request).ResponseAsync, field);

        Assert.Equal(0, await CountMembersAsync(request.FamilyName));
        Assert.Equal(0, await CountIdempotencyKeysAsync(request.IdempotencyKey));
    }

    [Fact]
    public async Task An_empty_request_names_every_missing_field()
    {
        await RpcAssert.InvalidFields(() => fixture.Client().RegisterMemberAsync(new RegisterMemberRequest()).ResponseAsync,
            "idempotency_key", "given_name", "family_name", "lived_experience_type", "consent_to_hold_data");
    }

    [Fact]
    public async Task A_message_over_the_size_limit_is_refused()
    {
        var request = RecruitmentFixture.ValidRequest();
        request.GivenName = new string('x', 2 * 1024 * 1024);

        await RpcAssert.FailsWith(StatusCode.ResourceExhausted, () => fixture.Client().RegisterMemberAsync(request).ResponseAsync);
    }

    [Fact]
    public async Task Without_a_token_the_call_is_unauthenticated()
    {
        await RpcAssert.FailsWith(StatusCode.Unauthenticated,
            () => fixture.Client(role: null).RegisterMemberAsync(RecruitmentFixture.ValidRequest()).ResponseAsync);
    }

    [Theory]
    [InlineData(Roles.ReportingConsumer)]
    [InlineData(Roles.Member)]
    [InlineData(Roles.Finance)]
    public async Task Roles_other_than_the_ppi_team_may_not_register(string role)
    {
        var request = RecruitmentFixture.ValidRequest();

        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => fixture.Client(role).RegisterMemberAsync(request).ResponseAsync);

        Assert.Equal(0, await CountMembersAsync(request.FamilyName));
    }

    [Fact]
    public async Task A_token_signed_with_another_key_is_unauthenticated()
    {
        var forged = Tokens.Mint(new AuthOptions { Issuer = "involvement-test", Audience = "involvement", SigningKey = new string('f', 40) },
            Roles.PpiTeam, "intruder", TimeSpan.FromMinutes(5));
        var headers = new Metadata { { "Authorization", $"Bearer {forged}" } };

        await RpcAssert.FailsWith(StatusCode.Unauthenticated,
            () => fixture.Client(role: null).RegisterMemberAsync(RecruitmentFixture.ValidRequest(), headers).ResponseAsync);
    }

    private async Task<int> CountMembersAsync(string familyName)
    {
        await using var db = fixture.OpenDatabase();
        return await db.ExecuteScalarAsync<int>("select count(*) from members where family_name = @familyName", new { familyName = familyName.Trim() });
    }

    private async Task<int> CountIdempotencyKeysAsync(string key)
    {
        await using var db = fixture.OpenDatabase();
        return await db.ExecuteScalarAsync<int>("select count(*) from idempotent_requests where idempotency_key = @key", new { key = key.Trim() });
    }
}
