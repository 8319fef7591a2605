using Involvement.BuildingBlocks.Configuration;
using Involvement.BuildingBlocks.Hosting;
using Involvement.BuildingBlocks.MemberDirectory;
using Involvement.Payments.Budgets;
using Involvement.Payments.Runs;
using Microsoft.Extensions.Options;

namespace Involvement.Payments;

public static class PaymentsExtensions
{
    public static void AddPayments(this WebApplicationBuilder builder)
    {
        builder.AddServiceDefaults(new ServiceInfo("Payments", typeof(PaymentsApi).Assembly), bus =>
        {
            bus.AddMemberDirectoryConsumers();
        });
        builder.Services.AddMemberDirectory();
        builder.Services.AddOptions<PaymentsOptions>().BindConfiguration(PaymentsOptions.Section);
        builder.Services.AddSingleton(new SettingsCheck(services => services.GetRequiredService<IOptions<PaymentsOptions>>().Value.Problems()));
        builder.Services.AddSingleton<BudgetLedger>();
        builder.Services.AddSingleton<BudgetStore>();
        builder.Services.AddSingleton<PaymentRunStore>();
        builder.Services.AddSingleton<PaymentRunExport>();
        builder.Services.AddSingleton<IBankDetailsDecryptor, PendingBankDetailsDecryptor>();
    }

    public static void MapPayments(this WebApplication app)
    {
        app.MapServiceDefaults();
        app.MapGrpcService<PaymentsApi>();
        app.MapGrpcService<BudgetApi>();
        app.MapGrpcService<PaymentRunApi>();
    }
}
