using Involvement.BuildingBlocks.Configuration;
using Involvement.BuildingBlocks.Hosting;
using Involvement.BuildingBlocks.MemberDirectory;
using Involvement.Training.DataProtection;
using Involvement.Training.Learners;
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
            bus.AddConsumer<LearnerErasureConsumer, LearnerErasureConsumerDefinition>();
        });
        builder.Services.AddMemberDirectory();
        builder.Services.AddOptions<TrainingOptions>().BindConfiguration(TrainingOptions.Section);
        builder.Services.AddSingleton(new SettingsCheck(services => services.GetRequiredService<IOptions<TrainingOptions>>().Value.Problems()));
        builder.Services.AddSingleton<ModuleStore>();
        builder.Services.AddSingleton<SessionStore>();
        builder.Services.AddSingleton<LearnerStore>();
        builder.Services.AddSingleton<ResourceStore>();
        builder.Services.AddSingleton<LearnerData>();
    }

    public static void MapTraining(this WebApplication app)
    {
        app.MapServiceDefaults();
        app.MapGrpcService<ModuleApi>();
        app.MapGrpcService<SessionApi>();
        app.MapGrpcService<LearnerApi>();
        app.MapGrpcService<ResourceApi>();
        app.MapGrpcService<DataProtectionApi>();
    }
}
