using System.Net;
using Google.Rpc;
using Involvement.BuildingBlocks.Security;
using Involvement.FunctionalTests.Recruitment;
using Involvement.Recruitment.V1;
using Involvement.TestKit;
using Involvement.TestKit.Rest;

namespace Involvement.FunctionalTests.Rest;

/// <summary>
/// Recruitment's day-to-day calls made as JSON over HTTP/1.1, as a trust system without gRPC would make them: the same
/// records, rules, roles and error details as the gRPC API.
/// </summary>
public sealed class RestJourneyTests(RecruitmentFixture fixture) : IClassFixture<RecruitmentFixture>
{
    private const string BadRequestType = "type.googleapis.com/google.rpc.BadRequest";
    private const string PreconditionFailureType = "type.googleapis.com/google.rpc.PreconditionFailure";

    private readonly HttpClient _http = fixture.Http();
    private readonly string _ppiTeam = TestAuth.Token(Roles.PpiTeam);

    [Fact]
    public async Task A_member_registered_over_rest_is_read_back_and_listed_in_proto_json()
    {
        var request = RecruitmentFixture.ValidRequest();
        request.Details.CareGroup = "REST care group " + Guid.NewGuid().ToString("N")[..8];

        var registered = await RestCall.PostAsync(_http, "/v1/members", _ppiTeam, request);
        var member = registered.As<RegisterMemberResponse>().Member;
        var read = await RestCall.GetAsync(_http, $"/v1/members/{member.MemberId}", _ppiTeam);
        var listed = await RestCall.GetAsync(_http,
            $"/v1/members?careGroup={Uri.EscapeDataString(request.Details.CareGroup)}&status=MEMBER_STATUS_APPLICANT&interest=dementia&pageSize=5", _ppiTeam);

        Assert.Equal(request.FamilyName, member.FamilyName);
        var again = read.As<GetMemberResponse>().Member;
        Assert.Equal((member.MemberId, member.Version, member.Details), (again.MemberId, again.Version, again.Details));
        Assert.Equal(member.MemberId, Assert.Single(listed.As<ListMembersResponse>().Members).MemberId);
        // The wire shape a JSON caller relies on: lowerCamelCase names, enum names, int64 as a string, dates as objects.
        var json = registered.Json!["member"]!;
        Assert.Equal("LIVED_EXPERIENCE_TYPE_SERVICE_USER", (string?)json["livedExperienceType"]);
        Assert.Equal("1", (string?)json["version"]);
        Assert.Equal(2026, (int?)json["details"]!["servicesUsed"]![0]!["lastUsed"]!["year"]);
    }

    [Fact]
    public async Task A_draft_is_published_with_the_publish_verb()
    {
        var created = await RestCall.PostAsync(_http, "/v1/opportunities", _ppiTeam,
            new CreateOpportunityRequest { IdempotencyKey = Guid.NewGuid().ToString(), Content = RecruitmentFixture.PublishableContent() });
        var draft = created.As<CreateOpportunityResponse>().Opportunity;

        var published = await RestCall.PostAsync(_http, $"/v1/opportunities/{draft.OpportunityId}:publish", _ppiTeam,
            new PublishOpportunityRequest { ExpectedVersion = draft.Version });

        Assert.Equal(OpportunityStatus.Draft, draft.Status);
        Assert.Equal(OpportunityStatus.Published, published.As<PublishOpportunityResponse>().Opportunity.Status);
    }

    [Fact]
    public async Task Invalid_fields_are_400_with_a_bad_request_naming_them()
    {
        var request = RecruitmentFixture.ValidRequest();
        request.GivenName = "";
        request.ConsentToHoldData = false;

        var reply = await RestCall.PostAsync(_http, "/v1/members", _ppiTeam, request);

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal(BadRequestType, (string?)reply.Json!["details"]![0]!["@type"]);
        Assert.Equal((int)Code.InvalidArgument, reply.Error!.Code);
        var violations = reply.Error.GetDetail<BadRequest>()!.FieldViolations;
        Assert.Equal(["consent_to_hold_data", "given_name"], violations.Select(v => v.Field).Order());
        Assert.All(violations, v => Assert.False(string.IsNullOrWhiteSpace(v.Description)));
    }

    [Fact]
    public async Task No_token_is_401_and_a_role_the_rpc_does_not_admit_is_403()
    {
        var anonymous = await RestCall.PostAsync(_http, "/v1/members", null, RecruitmentFixture.ValidRequest());
        var finance = await RestCall.PostAsync(_http, "/v1/members", TestAuth.Token(Roles.Finance), RecruitmentFixture.ValidRequest());
        var forged = await RestCall.GetAsync(_http, "/v1/members", TestAuth.Token(Roles.PpiTeam)[..^4] + "AAAA");

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.Status);
        Assert.Equal(HttpStatusCode.Forbidden, finance.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, forged.Status);
        Assert.Equal((int)Code.Unauthenticated, anonymous.Error!.Code);
        Assert.Equal((int)Code.PermissionDenied, finance.Error!.Code);
    }

    [Fact]
    public async Task Unmet_criteria_are_400_with_a_precondition_failure_and_a_stale_version_is_409()
    {
        var member = await fixture.ActiveMemberAsync();

        var refused = await RestCall.PostAsync(_http, $"/v1/members/{member.MemberId}/schemeMemberships", _ppiTeam,
            new JoinSchemeRequest { IdempotencyKey = Guid.NewGuid().ToString(), Scheme = Scheme.HospitalImprover });
        var stale = await RestCall.PostAsync(_http, $"/v1/members/{member.MemberId}:changeStatus", _ppiTeam,
            new ChangeMemberStatusRequest { ExpectedVersion = member.Version - 1, Status = MemberStatus.Paused, Reason = "Taking a break" });

        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);   // FAILED_PRECONDITION, as google.api's mapping has it
        Assert.Equal(PreconditionFailureType, (string?)refused.Json!["details"]![0]!["@type"]);
        Assert.Equal((int)Code.FailedPrecondition, refused.Error!.Code);
        Assert.Equal(["code_of_conduct", "equality_monitoring"], refused.Error.GetDetail<PreconditionFailure>()!.Violations.Select(v => v.Subject));
        Assert.Equal(HttpStatusCode.Conflict, stale.Status);       // ABORTED
        Assert.Equal((int)Code.Aborted, stale.Error!.Code);
    }

    [Fact]
    public async Task A_retry_with_the_same_idempotency_key_returns_the_first_result()
    {
        var request = RecruitmentFixture.ValidRequest();

        var first = (await RestCall.PostAsync(_http, "/v1/members", _ppiTeam, request)).As<RegisterMemberResponse>().Member;
        var retried = (await RestCall.PostAsync(_http, "/v1/members", _ppiTeam, request)).As<RegisterMemberResponse>().Member;

        Assert.Equal(first, retried);
    }

    [Fact]
    public async Task A_path_or_method_the_api_does_not_have_is_404()
    {
        var unknown = await RestCall.GetAsync(_http, "/v1/nothingHere", _ppiTeam);
        var wrongMethod = await RestCall.SendAsync(_http, HttpMethod.Delete, "/v1/members", _ppiTeam);

        Assert.Equal((HttpStatusCode.NotFound, ""), (unknown.Status, unknown.Body));
        Assert.Equal((HttpStatusCode.NotFound, ""), (wrongMethod.Status, wrongMethod.Body));
    }

    [Theory]
    [InlineData("{\"givenName\": 5}", "given_name")]
    [InlineData("{\"livedExperienceType\": \"LIVED_EXPERIENCE_TYPE_ALIEN\"}", "lived_experience_type")]
    [InlineData("{\"consentToHoldData\": \"yes\"}", "consent_to_hold_data")]
    [InlineData("{\"details\": {\"servicesUsed\": [{\"lastUsed\": \"2026-03-14\"}]}}", "details.services_used[0].last_used")]
    public async Task A_value_of_the_wrong_kind_is_400_with_a_bad_request_naming_the_field(string body, string field)
    {
        var reply = await RestCall.SendAsync(_http, HttpMethod.Post, "/v1/members", _ppiTeam, body);

        Assert.True(reply.Status == HttpStatusCode.BadRequest, reply.ToString());
        Assert.Equal(BadRequestType, (string?)reply.Json!["details"]![0]!["@type"]);
        Assert.Equal(field, Assert.Single(reply.Error!.GetDetail<BadRequest>()!.FieldViolations).Field);
        Assert.DoesNotContain("Exception", reply.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"givenName\": \"Amara\"")]   // cut short
    [InlineData("")]
    [InlineData("[1, 2]")]
    [InlineData("{\"givenName\": 'Amara'}")]
    public async Task Json_that_cannot_be_read_is_400_with_a_message_and_no_exception_text(string body)
    {
        var reply = await RestCall.SendAsync(_http, HttpMethod.Post, "/v1/members", _ppiTeam, body);

        Assert.True(reply.Status == HttpStatusCode.BadRequest, reply.ToString());
        Assert.Equal((int)Code.InvalidArgument, reply.Error!.Code);
        Assert.StartsWith("The request body ", reply.Error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", reply.Body, StringComparison.Ordinal);
    }
}
