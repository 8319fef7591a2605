using Involvement.BuildingBlocks.Hosting;
using Involvement.BuildingBlocks.MemberDirectory;

namespace Involvement.Training;

public static class TrainingExtensions
{
    public static void AddTraining(this WebApplicationBuilder builder)
    {
        builder.AddServiceDefaults(new ServiceInfo("Training", typeof(TrainingApi).Assembly), bus => bus.AddMemberDirectoryConsumers());
        builder.Services.AddMemberDirectory();
    }

    public static void MapTraining(this WebApplication app)
    {
        app.MapServiceDefaults();
        app.MapGrpcService<TrainingApi>();
    }
}
