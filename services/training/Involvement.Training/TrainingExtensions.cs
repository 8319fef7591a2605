using Involvement.BuildingBlocks.Configuration;
using Involvement.BuildingBlocks.Hosting;
using Involvement.BuildingBlocks.MemberDirectory;
using Involvement.Training.Members;
using Microsoft.Extensions.Options;

namespace Involvement.Training;

public static class TrainingExtensions
{
    public static void AddTraining(this WebApplicationBuilder builder)
    {
        builder.AddServiceDefaults(new ServiceInfo("Training", typeof(TrainingApi).Assembly), bus =>
        {
            bus.AddMemberDirectoryConsumers();
            bus.AddSupportConsumers();
        });
        builder.Services.AddMemberDirectory();
        builder.Services.AddSupport();
        builder.Services.AddOptions<TrainingOptions>().BindConfiguration(TrainingOptions.Section);
        builder.Services.AddSingleton(new SettingsCheck(services => services.GetRequiredService<IOptions<TrainingOptions>>().Value.Problems()));
    }

    public static void MapTraining(this WebApplication app)
    {
        app.MapServiceDefaults();
        app.MapGrpcService<TrainingApi>();
        app.MapSupport();
    }
}
