using Involvement.BuildingBlocks.Security;
using Involvement.FunctionalTests.Reporting;
using Involvement.Reporting.V1;
using Involvement.TestKit;
using Involvement.TestKit.Rest;

namespace Involvement.FunctionalTests.Rest;

/// <summary>GET requests carry the request's other fields as query parameters: nested ones dotted, repeated ones repeated.</summary>
public sealed class RestQueryTests(ReportingFixture fixture) : IClassFixture<ReportingFixture>
{
    [Fact]
    public async Task Nested_fields_are_dotted_and_repeated_fields_repeated()
    {
        using var http = fixture.Http();
        var token = TestAuth.Token(Roles.ReportingConsumer);
        var codes = (await RestCall.GetAsync(http, "/v1/metrics", token)).As<ListMetricsResponse>().Metrics.Select(m => m.Code).Take(2).ToList();

        var figures = (await RestCall.GetAsync(http,
            $"/v1/metricFigures?metricCodes={codes[0]}&metric_codes={codes[1]}&period.financialYear=2025&period.quarter=2", token)).As<GetMetricsResponse>();

        Assert.Equal((2025, 2), (figures.Period.FinancialYear, figures.Period.Quarter));
        Assert.Equal(codes.Order(), figures.Metrics.Select(m => m.Definition.Code).Order());
    }

    [Theory]
    [InlineData("metricCode")]
    [InlineData("financial_year")]
    public async Task A_query_parameter_may_not_replace_a_path_variable(string name)
    {
        using var http = fixture.Http();
        var token = TestAuth.Token(Roles.PpiTeam);

        var reply = await RestCall.SendAsync(http, HttpMethod.Delete, $"/v1/targets/no.such.metric/years/2025/quarters/1?expectedVersion=1&{name}=other", token);

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, reply.Status);
        var violation = Assert.Single(reply.Error!.Details.Select(d => d.Unpack<Google.Rpc.BadRequest>()).Single().FieldViolations);
        Assert.Equal(name, violation.Field);
        Assert.Contains("part of the path", violation.Description, StringComparison.Ordinal);
    }
}
