using Involvement.BuildingBlocks.Configuration;
using Involvement.BuildingBlocks.Hosting;
using Involvement.BuildingBlocks.MemberDirectory;
using Involvement.Payments.Budgets;
using Involvement.Payments.Claims;
using Involvement.Payments.DataProtection;
using Involvement.Payments.Expenses;
using Involvement.Payments.Fees;
using Involvement.Payments.Payees;
using Involvement.Payments.Policy;
using Involvement.Payments.Runs;
using Involvement.Payments.Statements;
using MassTransit;
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
            bus.AddConsumer<TrainingAttendanceConsumer, TrainingAttendanceConsumerDefinition>();
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
        builder.Services.AddSingleton<IClaimBudgetWarnings, ClaimApprovalBudgetWarnings>();
        builder.Services.AddOptions<PaymentsOptions>().BindConfiguration(PaymentsOptions.Section)
            .PostConfigure(o => o.DefaultCostCentre = CostCentres.NormaliseOptional(o.DefaultCostCentre) ?? "");
        builder.Services.AddSingleton(new SettingsCheck(services => services.GetRequiredService<IOptions<PaymentsOptions>>().Value.Problems()));
        builder.Services.AddSingleton<BankDetailsCipher>();
        builder.Services.AddSingleton<PayeeStore>();
        builder.Services.AddSingleton<BankDetailsStore>();
        builder.Services.AddSingleton<PayeeDataStore>();
        builder.Services.AddSingleton<StatementStore>();
        builder.Services.AddSingleton<BudgetLedger>();
        builder.Services.AddSingleton<BudgetStore>();
        builder.Services.AddSingleton<BudgetCheckSchedule>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<BudgetCheckSchedule>());
        builder.Services.AddSingleton<PaymentRunStore>();
        builder.Services.AddSingleton<PaymentRunExport>();
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
        app.MapGrpcService<BudgetApi>();
        app.MapGrpcService<PaymentRunApi>();
    }
}
