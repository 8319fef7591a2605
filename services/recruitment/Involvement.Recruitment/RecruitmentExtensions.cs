using Involvement.BuildingBlocks.Configuration;
using Involvement.BuildingBlocks.Hosting;
using Involvement.Recruitment.Matching;
using Involvement.Recruitment.Participation;
using Involvement.Recruitment.Requests;
using Involvement.Recruitment.Training;
using MassTransit;
using Microsoft.Extensions.Options;
using Involvement.Recruitment.Community;
using Involvement.Recruitment.DataProtection;
using Involvement.Recruitment.Impact;
using Involvement.Recruitment.Equality;
using Involvement.Recruitment.Members;
using Involvement.Recruitment.Opportunities;
using Involvement.Recruitment.Schemes;

namespace Involvement.Recruitment;

public static class RecruitmentExtensions
{
    public static void AddRecruitment(this WebApplicationBuilder builder)
    {
        builder.AddServiceDefaults(new ServiceInfo("Recruitment", typeof(MemberApi).Assembly), bus =>
        {
            bus.AddConsumer<TrainingCompletedConsumer, TrainingCompletedConsumerDefinition>();
            bus.AddConsumer<TrainingExpiredConsumer, TrainingExpiredConsumerDefinition>();
        });
        builder.Services.AddSingleton<RecruitmentMetrics>();
        builder.Services.AddSingleton<MemberStore>();
        builder.Services.AddSingleton<EqualityStore>();
        builder.Services.AddSingleton<EqualitySnapshots>();
        builder.Services.AddHostedService<EqualitySnapshotSchedule>();
        builder.Services.AddSingleton<SchemeStore>();
        builder.Services.AddSingleton<OpportunityStore>();
        builder.Services.AddSingleton<ParticipantStore>();
        builder.Services.AddSingleton<SelectionEligibility>();
        builder.Services.AddSingleton<CompletionStore>();
        builder.Services.AddSingleton<ErasureStore>();
        builder.Services.AddSingleton<CommunityGroupStore>();
        builder.Services.AddSingleton<InvolvementRequestStore>();
        builder.Services.AddSingleton<ImpactStore>();
        builder.Services.AddSingleton<MatchPool>();
        builder.Services.AddHostedService<MatchPoolWarmUp>();
        builder.Services.AddSingleton<PoolRepresentation>();
        builder.Services.AddOptions<RecruitmentOptions>().BindConfiguration(RecruitmentOptions.Section);
        builder.Services.AddSingleton(new SettingsCheck(services => services.GetRequiredService<IOptions<RecruitmentOptions>>().Value.Problems()));
    }

    public static void MapRecruitment(this WebApplication app)
    {
        app.MapServiceDefaults();
        app.MapGrpcService<MemberApi>();
        app.MapGrpcService<EqualityMonitoringApi>();
        app.MapGrpcService<SchemeApi>();
        app.MapGrpcService<OpportunityApi>();
        app.MapGrpcService<ParticipationApi>();
        app.MapGrpcService<MatchingApi>();
        app.MapGrpcService<TrainingRecordApi>();
        app.MapGrpcService<DataProtectionApi>();
        app.MapGrpcService<CommunityGroupApi>();
        app.MapGrpcService<InvolvementRequestApi>();
        app.MapGrpcService<ImpactApi>();
    }
}
