using System.Net;
using Involvement.BuildingBlocks.Security;
using Involvement.Recruitment.V1;
using Involvement.TestKit;
using Involvement.TestKit.Rest;

namespace Involvement.EndToEndTests;

/// <summary>
/// The real process serves its REST/JSON API on the Rest port, and the management port — opened to the cluster's
/// scraper — answers nothing but /metrics, whichever Host header a caller sends.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class RestPortTests(SystemFixture system)
{
    [Fact]
    public async Task Rest_is_served_on_the_rest_port_and_refused_on_the_management_port()
    {
        using var http = new HttpClient();
        var token = TestAuth.Token(Roles.PpiTeam);
        var management = new Uri($"http://127.0.0.1:{system.Recruitment.ManagementPort}");
        var register = RecruitmentRequest();

        var registered = await RestCall.SendAsync(http, HttpMethod.Post, new Uri(system.Recruitment.RestAddress, "/v1/members").ToString(), token, RestCall.Json(register));
        var member = registered.As<RegisterMemberResponse>().Member;
        var read = await RestCall.GetAsync(http, new Uri(system.Recruitment.RestAddress, $"/v1/members/{member.MemberId}").ToString(), token);
        var onManagement = await RestCall.GetAsync(http, new Uri(management, $"/v1/members/{member.MemberId}").ToString(), token);
        var postOnManagement = await RestCall.SendAsync(http, HttpMethod.Post, new Uri(management, "/v1/members").ToString(), token, RestCall.Json(RecruitmentRequest()));
        var metricsOnRest = await RestCall.GetAsync(http, new Uri(system.Recruitment.RestAddress, "/metrics").ToString(), null);
        using var spoofed = new HttpRequestMessage(HttpMethod.Get, new Uri(management, $"/v1/members/{member.MemberId}"));
        spoofed.Headers.Host = $"127.0.0.1:{system.Recruitment.RestPort}";
        spoofed.Headers.Authorization = new("Bearer", token);
        using var spoofedReply = await http.SendAsync(spoofed);

        Assert.Equal(member.MemberId, read.As<GetMemberResponse>().Member.MemberId);
        Assert.Equal(HttpStatusCode.NotFound, onManagement.Status);
        Assert.Equal(HttpStatusCode.NotFound, postOnManagement.Status);
        Assert.Equal(HttpStatusCode.NotFound, spoofedReply.StatusCode);
        Assert.Equal("", onManagement.Body);
        Assert.NotEqual(HttpStatusCode.OK, metricsOnRest.Status);
    }

    [Theory]
    [InlineData("Payments", "/v1/rateCards")]
    [InlineData("Training", "/v1/modules")]
    [InlineData("Reporting", "/v1/metrics")]
    public async Task Every_service_answers_json_on_its_rest_port_only(string service, string path)
    {
        using var http = new HttpClient();
        var process = service switch { "Payments" => system.Payments, "Training" => system.Training, _ => system.Reporting };
        var token = TestAuth.Token(Roles.PpiTeam);

        var rest = await RestCall.GetAsync(http, new Uri(process.RestAddress, path).ToString(), token);
        var management = await RestCall.GetAsync(http, $"http://127.0.0.1:{process.ManagementPort}{path}", token);

        Assert.True(rest.Status == HttpStatusCode.OK, rest.ToString());
        Assert.Equal("application/json", rest.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, management.Status);
    }

    private static RegisterMemberRequest RecruitmentRequest() => new()
    {
        IdempotencyKey = Guid.NewGuid().ToString(),
        GivenName = "Rest",
        FamilyName = "Caller",
        LivedExperienceType = LivedExperienceType.Carer,
        ConsentToHoldData = true,
    };
}
