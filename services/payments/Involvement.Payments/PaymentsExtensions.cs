using Involvement.BuildingBlocks.Configuration;
using Involvement.BuildingBlocks.Hosting;
using Involvement.BuildingBlocks.MemberDirectory;
using Involvement.Payments.Payees;
using Microsoft.Extensions.Options;

namespace Involvement.Payments;

public static class PaymentsExtensions
{
    public static void AddPayments(this WebApplicationBuilder builder)
    {
        builder.AddServiceDefaults(new ServiceInfo("Payments", typeof(PayeeApi).Assembly), bus =>
        {
            bus.AddMemberDirectoryConsumers();
        });
        builder.Services.AddMemberDirectory();
        builder.Services.AddOptions<PaymentsOptions>().BindConfiguration(PaymentsOptions.Section);
        builder.Services.AddSingleton(new SettingsCheck(services => services.GetRequiredService<IOptions<PaymentsOptions>>().Value.Problems()));
        builder.Services.AddSingleton<BankDetailsCipher>();
        builder.Services.AddSingleton<PayeeStore>();
        builder.Services.AddSingleton<BankDetailsStore>();
    }

    public static void MapPayments(this WebApplication app)
    {
        app.MapServiceDefaults();
        app.MapGrpcService<PayeeApi>();
    }
}
