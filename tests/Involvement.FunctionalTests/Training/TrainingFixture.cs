extern alias TrainingHost;

using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Involvement.BuildingBlocks.Security;
using Involvement.FunctionalTests.Payments;
using Involvement.TestKit;
using Involvement.Training.V1;
using TrainingHost::Involvement.Training.Modules;

namespace Involvement.FunctionalTests.Training;

/// <summary>
/// The training service hosted in-process, with helpers every training test can build on: clients per role, modules,
/// sessions, staff learners and members the service knows (through the member directory, as in production).
/// </summary>
public sealed class TrainingFixture : MemberDirectoryFixture<ModuleApi>
{
    protected override string ServiceName => "training";

    public override string AllowedRole => Roles.Trainer;

    public override string DeniedRole => Roles.Finance;

    public override string IdField => "learner_id";

    public override async Task<(string DisplayName, long Version)> GetAsync(string memberId, string? role)
    {
        var learner = (await Learners(role).GetLearnerAsync(new GetLearnerRequest { LearnerId = memberId })).Learner;
        return (learner.Name, learner.MemberVersion);
    }

    public ModuleService.ModuleServiceClient Modules(string? role = Roles.PpiTeam, string subject = "test-user") => new(Calls(role, subject));

    public SessionService.SessionServiceClient Sessions(string? role = Roles.Trainer, string subject = "test-user") => new(Calls(role, subject));

    public LearnerService.LearnerServiceClient Learners(string? role = Roles.PpiTeam, string subject = "test-user") => new(Calls(role, subject));

    public ResourceService.ResourceServiceClient Resources(string? role = Roles.Trainer, string subject = "test-user") => new(Calls(role, subject));

    /// <summary>A code no other test uses.</summary>
    public static string NewCode(string prefix = "module") => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 33, 50)];

    public static ModuleDetails ModuleDetails(
        ModuleAudience audience = ModuleAudience.Both, int validityMonths = 24, int renewalWindowDays = 60, ModuleStatus status = ModuleStatus.Active,
        params string[] prerequisites) => new()
    {
        Title = "Introduction to Participation", Summary = "What involvement is, and how to take part.", Audience = audience,
        Mode = ModuleMode.InPerson, DurationMinutes = 180, ValidityMonths = validityMonths, RenewalWindowDays = validityMonths == 0 ? 0 : renewalWindowDays,
        Status = status, PrerequisiteCodes = { prerequisites },
    };

    /// <summary>Creates a module (as the PPI team) with a fresh code unless one is given.</summary>
    public async Task<Module> CreateModuleAsync(ModuleDetails? details = null, string? code = null) =>
        (await Modules().CreateModuleAsync(new CreateModuleRequest
        {
            IdempotencyKey = Guid.NewGuid().ToString(), Code = code ?? NewCode(), Details = details ?? ModuleDetails(),
        })).Module;

    /// <summary>
    /// Session details: <paramref name="days"/> consecutive days of three hours from <paramref name="firstStartsAt"/>
    /// (default: a week from now). Past times are allowed, for tests of attendance and completion.
    /// </summary>
    public static SessionDetails SessionDetails(
        DateTimeOffset? firstStartsAt = null, int days = 1, int capacity = 10, string? rateReference = null, string? costCentre = null,
        params Facilitator[] facilitators)
    {
        var now = DateTimeOffset.UtcNow;
        var starts = firstStartsAt ?? new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero).AddDays(7);
        var details = new SessionDetails
        {
            Venue = "Oak Room, Canterbury", Capacity = capacity, RateReference = rateReference ?? "", CostCentre = costCentre ?? "",
            Facilitators = { facilitators },
        };
        for (var i = 0; i < days; i++)
        {
            details.Days.Add(new SessionDay
            {
                StartsAt = Timestamp.FromDateTimeOffset(starts.AddDays(i)), EndsAt = Timestamp.FromDateTimeOffset(starts.AddDays(i).AddHours(3)),
            });
        }

        return details;
    }

    /// <summary>Schedules a session (as a trainer) of a module; a new active module for both audiences unless one is named.</summary>
    public async Task<Session> ScheduleSessionAsync(string? moduleCode = null, SessionDetails? details = null) =>
        (await Sessions().ScheduleSessionAsync(new ScheduleSessionRequest
        {
            IdempotencyKey = Guid.NewGuid().ToString(), ModuleCode = moduleCode ?? (await CreateModuleAsync()).Code, Details = details ?? SessionDetails(),
        })).Session;

    /// <summary>Registers a member of staff as a learner (as the PPI team).</summary>
    public async Task<Learner> RegisterStaffAsync(string name = "Sam Okafor", string? staffReference = null) =>
        (await Learners().RegisterStaffLearnerAsync(new RegisterStaffLearnerRequest
        {
            IdempotencyKey = Guid.NewGuid().ToString(), StaffReference = staffReference ?? $"E{Guid.NewGuid():N}"[..12], Name = name,
        })).Learner;

    /// <summary>
    /// A member training knows: published as recruitment would (MemberRegistered) and waited for until the member
    /// directory has it. Their learner id is the member id; a token for them is <c>Calls(Roles.Member, id.ToString())</c>.
    /// </summary>
    public async Task<Guid> KnownMemberAsync(string displayName = "Priya Shah", int level = 1)
    {
        var registered = Events.MemberRegistered(displayName: displayName, level: level);
        await MemberEvents.PublishAsync(registered);
        await Eventually.ValueAsync(() => GetAsync(registered.MemberId.ToString(), Roles.PpiTeam), what: "training to know the member");
        return registered.MemberId;
    }

    /// <summary>A facilitator entry for session details.</summary>
    public static Facilitator Facilitating(string learnerId, Expertise expertise) => new() { LearnerId = learnerId, Expertise = expertise };
}

public sealed class TrainingMemberDirectoryTests(TrainingFixture fixture)
    : MemberDirectoryTests<TrainingFixture, ModuleApi>(fixture), IClassFixture<TrainingFixture>;
