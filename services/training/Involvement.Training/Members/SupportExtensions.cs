using Involvement.Training.Mentoring;
using Involvement.Training.Plans;
using Involvement.Training.Supervision;
using MassTransit;

namespace Involvement.Training.Members;

/// <summary>Development plans, mentoring and supervision, and the member standing they read, registered together.</summary>
public static class SupportExtensions
{
    public static void AddSupportConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<MemberRegisteredStandingConsumer, MemberRegisteredStandingConsumerDefinition>();
        bus.AddConsumer<MemberLevelStandingConsumer, MemberLevelStandingConsumerDefinition>();
        bus.AddConsumer<MemberStatusStandingConsumer, MemberStatusStandingConsumerDefinition>();
    }

    public static void AddSupport(this IServiceCollection services)
    {
        services.AddSingleton<MemberStandingStore>();
        services.AddSingleton<DevelopmentPlanStore>();
        services.AddSingleton<MentoringStore>();
        services.AddSingleton<SupervisionStore>();
    }

    public static void MapSupport(this WebApplication app)
    {
        app.MapGrpcService<DevelopmentPlanApi>();
        app.MapGrpcService<MentoringApi>();
        app.MapGrpcService<SupervisionApi>();
    }
}
