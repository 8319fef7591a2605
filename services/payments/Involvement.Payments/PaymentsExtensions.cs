using Involvement.BuildingBlocks.Configuration;
using Involvement.BuildingBlocks.Hosting;
using Involvement.BuildingBlocks.MemberDirectory;
using Involvement.Payments.Claims;
using Involvement.Payments.DataProtection;
using Involvement.Payments.Expenses;
using Involvement.Payments.Fees;
using Involvement.Payments.Payees;
using Involvement.Payments.Policy;
using Involvement.Payments.Statements;
using MassTransit;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Involvement.Payments;

public static class PaymentsExtensions
{
    public static void AddPayments(this WebApplicationBuilder builder)
    {
        builder.AddServiceDefaults(new ServiceInfo("Payments", typeof(PayeeApi).Assembly), bus =>
        {
            bus.AddMemberDirectoryConsumers();
            bus.AddConsumer<OpportunityPublishedConsumer, OpportunityPublishedConsumerDefinition>();
            bus.AddConsumer<OpportunityChangedConsumer, OpportunityChangedConsumerDefinition>();
            bus.AddConsumer<OpportunityCancelledConsumer, OpportunityCancelledConsumerDefinition>();
            bus.AddConsumer<ParticipationRecordedConsumer, ParticipationRecordedConsumerDefinition>();
            bus.AddConsumer<ParticipationCorrectedConsumer, ParticipationCorrectedConsumerDefinition>();
            bus.AddConsumer<MemberArrivedForFeesConsumer, MemberArrivedForFeesConsumerDefinition>();
            bus.AddConsumer<PayeeErasureConsumer, PayeeErasureConsumerDefinition>();
        });
        builder.Services.AddSingleton<RateCardStore>();
        builder.Services.AddSingleton<FeeEvaluator>();
        builder.Services.AddSingleton<FeeLineStore>();
        builder.Services.AddSingleton<OpportunityStore>();
        builder.Services.AddMemberDirectory();
        builder.Services.AddSingleton<ClaimStore>();
        builder.Services.AddSingleton<ExpenseStore>();
        // Budgets replace this placeholder with their own warnings (see IClaimBudgetWarnings).
        builder.Services.TryAddSingleton<IClaimBudgetWarnings, NoBudgetWarnings>();
        builder.Services.AddOptions<PaymentsOptions>().BindConfiguration(PaymentsOptions.Section);
        builder.Services.AddSingleton(new SettingsCheck(services => services.GetRequiredService<IOptions<PaymentsOptions>>().Value.Problems()));
        builder.Services.AddSingleton<BankDetailsCipher>();
        builder.Services.AddSingleton<PayeeStore>();
        builder.Services.AddSingleton<BankDetailsStore>();
        builder.Services.AddSingleton<PayeeDataStore>();
        builder.Services.AddSingleton<StatementStore>();
    }

    public static void MapPayments(this WebApplication app)
    {
        app.MapServiceDefaults();
        app.MapGrpcService<PayeeApi>();
        app.MapGrpcService<PayeeDataApi>();
        app.MapGrpcService<StatementApi>();
        app.MapGrpcService<ClaimApi>();
        app.MapGrpcService<RateCardApi>();
        app.MapGrpcService<FeeApi>();
    }
}
