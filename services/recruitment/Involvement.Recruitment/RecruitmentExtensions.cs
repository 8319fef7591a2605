using Involvement.BuildingBlocks.Hosting;
using Involvement.Recruitment.Equality;
using Involvement.Recruitment.Members;
using Involvement.Recruitment.Opportunities;
using Involvement.Recruitment.Schemes;

namespace Involvement.Recruitment;

public static class RecruitmentExtensions
{
    public static void AddRecruitment(this WebApplicationBuilder builder)
    {
        builder.AddServiceDefaults(new ServiceInfo("Recruitment", typeof(MemberApi).Assembly));
        builder.Services.AddSingleton<MemberStore>();
        builder.Services.AddSingleton<EqualityStore>();
        builder.Services.AddSingleton<SchemeStore>();
        builder.Services.AddSingleton<OpportunityStore>();
        builder.Services.AddOptions<RecruitmentOptions>().BindConfiguration(RecruitmentOptions.Section);
    }

    public static void MapRecruitment(this WebApplication app)
    {
        app.MapServiceDefaults();
        app.MapGrpcService<MemberApi>();
        app.MapGrpcService<EqualityMonitoringApi>();
        app.MapGrpcService<SchemeApi>();
        app.MapGrpcService<OpportunityApi>();
    }
}
