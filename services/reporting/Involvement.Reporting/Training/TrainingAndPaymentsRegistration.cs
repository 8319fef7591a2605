using Involvement.BuildingBlocks.Configuration;
using Involvement.Reporting.Metrics;
using Involvement.Reporting.Payments;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Involvement.Reporting.Training;

/// <summary>The training and payments families and their consumers, registered from <see cref="ReportingExtensions"/>.</summary>
public static class TrainingAndPaymentsRegistration
{
    public static void AddTrainingAndPaymentConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<TrainingCompletedConsumer, TrainingCompletedConsumerDefinition>();
        bus.AddConsumer<StaffTrainingCompletedConsumer, StaffTrainingCompletedConsumerDefinition>();
        bus.AddConsumer<TrainingExpiredConsumer, TrainingExpiredConsumerDefinition>();
        bus.AddConsumer<TrainingSessionHeldConsumer, TrainingSessionHeldConsumerDefinition>();
        bus.AddConsumer<SupervisionRecordedConsumer, SupervisionRecordedConsumerDefinition>();
        bus.AddConsumer<MentoringPairStartedConsumer, MentoringPairStartedConsumerDefinition>();
        bus.AddConsumer<MentoringPairEndedConsumer, MentoringPairEndedConsumerDefinition>();
        bus.AddConsumer<ClaimSubmittedConsumer, ClaimSubmittedConsumerDefinition>();
        bus.AddConsumer<ClaimApprovedConsumer, ClaimApprovedConsumerDefinition>();
        bus.AddConsumer<ClaimRejectedConsumer, ClaimRejectedConsumerDefinition>();
        bus.AddConsumer<ClaimPaidConsumer, ClaimPaidConsumerDefinition>();
        bus.AddConsumer<BudgetAllocatedConsumer, BudgetAllocatedConsumerDefinition>();
        bus.AddConsumer<BudgetThresholdReachedConsumer, BudgetThresholdReachedConsumerDefinition>();
        bus.AddConsumer<PaymentPreferenceChangedConsumer, PaymentPreferenceChangedConsumerDefinition>();
    }

    public static void AddTrainingAndPaymentMetrics(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<SupervisionOptions>().BindConfiguration(ReportingOptions.Section);
        builder.Services.AddSingleton(new SettingsCheck(services => services.GetRequiredService<IOptions<SupervisionOptions>>().Value.Problems()));
        builder.Services.AddSingleton<IMetricFamily, TrainingFamily>();
        builder.Services.AddSingleton<IMetricFamily, PaymentsFamily>();
    }
}
