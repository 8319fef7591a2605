using Involvement.BuildingBlocks.Configuration;
using Involvement.BuildingBlocks.Hosting;
using Involvement.BuildingBlocks.MemberDirectory;
using Involvement.Training.Attendance;
using Involvement.Training.Certificates;
using Involvement.Training.DataProtection;
using Involvement.Training.Enrolments;
using Involvement.Training.Expiry;
using Involvement.Training.Learners;
using Involvement.Training.Members;
using Involvement.Training.Modules;
using Involvement.Training.Resources;
using Involvement.Training.Sessions;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Involvement.Training;

public static class TrainingExtensions
{
    public static void AddTraining(this WebApplicationBuilder builder)
    {
        builder.AddServiceDefaults(new ServiceInfo("Training", typeof(TrainingExtensions).Assembly), bus =>
        {
            bus.AddMemberDirectoryConsumers();
            bus.AddSupportConsumers();
            bus.AddConsumer<CompletionRecordedByHandConsumer, CompletionRecordedByHandConsumerDefinition>();
            bus.AddConsumer<LearnerErasureConsumer, LearnerErasureConsumerDefinition>();
        });
        builder.Services.AddMemberDirectory();
        builder.Services.AddOptions<TrainingOptions>().BindConfiguration(TrainingOptions.Section);
        builder.Services.AddSingleton(new SettingsCheck(services => services.GetRequiredService<IOptions<TrainingOptions>>().Value.Problems()));
        builder.Services.AddSingleton<ModuleStore>();
        builder.Services.AddSingleton<SessionStore>();
        builder.Services.AddSingleton<LearnerStore>();
        builder.Services.AddSingleton<ResourceStore>();
        builder.Services.AddSingleton<EnrolmentStore>();
        builder.Services.AddSingleton<AttendanceStore>();
        builder.Services.AddSingleton<CertificateStore>();
        builder.Services.AddSingleton<ExpirySweep>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ExpirySweep>());
        builder.Services.AddSupport();
        builder.Services.AddSingleton<LearnerData>();
    }

    public static void MapTraining(this WebApplication app)
    {
        app.MapServiceDefaults();
        app.MapGrpcService<ModuleApi>();
        app.MapGrpcService<SessionApi>();
        app.MapGrpcService<LearnerApi>();
        app.MapGrpcService<ResourceApi>();
        app.MapGrpcService<EnrolmentApi>();
        app.MapGrpcService<AttendanceApi>();
        app.MapSupport();
        app.MapGrpcService<CertificateApi>();
        app.MapGrpcService<DataProtectionApi>();
    }
}
