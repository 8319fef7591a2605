using Involvement.BuildingBlocks.Hosting;
using Involvement.BuildingBlocks.MemberDirectory;

namespace Involvement.Payments;

public static class PaymentsExtensions
{
    public static void AddPayments(this WebApplicationBuilder builder)
    {
        builder.AddServiceDefaults(new ServiceInfo("Payments", typeof(PaymentsApi).Assembly), bus => bus.AddMemberDirectoryConsumers());
        builder.Services.AddMemberDirectory();
    }

    public static void MapPayments(this WebApplication app)
    {
        app.MapServiceDefaults();
        app.MapGrpcService<PaymentsApi>();
    }
}
