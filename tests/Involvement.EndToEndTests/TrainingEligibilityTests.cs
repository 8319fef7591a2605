using Dapper;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Involvement.BuildingBlocks.Security;
using Involvement.Recruitment.V1;
using Involvement.TestKit;
using Involvement.Training.V1;
using Npgsql;
using RecordAttendanceRequest = Involvement.Training.V1.RecordAttendanceRequest;

namespace Involvement.EndToEndTests;

/// <summary>
/// Training decides who recruitment may invite, with nobody in between: a member completes a module in training and
/// becomes eligible for an opportunity that needs it; their certificate lapses, training's own sweep says so, and they
/// are no longer eligible. Two real processes, their own databases, one broker.
/// </summary>
public sealed class TrainingEligibilityTests(TrainingEligibilityTests.Fixture fixture) : IClassFixture<TrainingEligibilityTests.Fixture>
{
    [Fact]
    public async Task A_completion_in_training_makes_a_member_eligible_and_its_lapse_makes_them_ineligible()
    {
        const string module = "e2e-induction";
        var ppi = Fixture.Calls(fixture.Recruitment, Roles.PpiTeam);
        var member = await RecruitmentSteps.ActiveMemberAsync(ppi, "Learner", "Older adults");
        var opportunity = await RecruitmentSteps.PublishedOpportunityAsync(ppi, "e2e-session", "E2E-CC", "Older adults", module);
        Assert.Equal(["prerequisite_missing"], await fixture.ExclusionsAsync(opportunity, member));

        // Training: a one-year module, a session held yesterday (recorded afterwards), attendance, completion.
        var trainer = Fixture.Calls(fixture.Training, Roles.Trainer);
        await new ModuleService.ModuleServiceClient(Fixture.Calls(fixture.Training, Roles.PpiTeam)).CreateModuleAsync(new CreateModuleRequest
        {
            IdempotencyKey = Guid.NewGuid().ToString(), Code = module,
            Details = new ModuleDetails
            {
                Title = "Induction", Audience = ModuleAudience.Both, Mode = ModuleMode.InPerson, DurationMinutes = 180, ValidityMonths = 12, Status = ModuleStatus.Active,
            },
        });
        var starts = DateTimeOffset.UtcNow.AddDays(-1);
        var session = (await new SessionService.SessionServiceClient(trainer).ScheduleSessionAsync(new ScheduleSessionRequest
        {
            IdempotencyKey = Guid.NewGuid().ToString(), ModuleCode = module,
            Details = new SessionDetails
            {
                Days = { new SessionDay { StartsAt = Timestamp.FromDateTimeOffset(starts), EndsAt = Timestamp.FromDateTimeOffset(starts.AddHours(3)) } },
                Venue = "Recovery College", Capacity = 10,
            },
        })).Session;
        var learner = await Eventually.ValueAsync(async () =>
            (await new LearnerService.LearnerServiceClient(trainer).GetLearnerAsync(new GetLearnerRequest { LearnerId = member.MemberId })).Learner,
            what: "training to learn the member from recruitment");
        await new EnrolmentService.EnrolmentServiceClient(trainer).EnrolAsync(new EnrolRequest
        {
            IdempotencyKey = Guid.NewGuid().ToString(), SessionId = session.SessionId, LearnerId = learner.LearnerId,
        });
        var attendance = new AttendanceService.AttendanceServiceClient(trainer);
        await attendance.RecordAttendanceAsync(new RecordAttendanceRequest
        {
            SessionId = session.SessionId, DayNumber = 1, Entries = { new AttendanceEntry { LearnerId = learner.LearnerId, Attended = true } },
        });
        var scheduled = (await new SessionService.SessionServiceClient(trainer).GetSessionAsync(new GetSessionRequest { SessionId = session.SessionId })).Session;
        await attendance.MarkSessionHeldAsync(new MarkSessionHeldRequest { SessionId = session.SessionId, ExpectedVersion = scheduled.Version });
        var certificate = Assert.Single((await new CertificateService.CertificateServiceClient(trainer).RecordCompletionAsync(new RecordCompletionRequest
        {
            IdempotencyKey = Guid.NewGuid().ToString(), SessionId = session.SessionId,
        })).Certificates);
        Assert.Equal(learner.LearnerId, certificate.LearnerId);

        // Recruitment hears TrainingCompleted: the member is now a candidate.
        await Eventually.TrueAsync(async () => await fixture.IsCandidateAsync(opportunity, member), what: "the member to become eligible");

        // A year passes for this certificate; training's scheduled sweep publishes TrainingExpired and recruitment lapses it.
        await fixture.TrainingExecuteAsync("update certificates set expires_on = current_date where certificate_id = @id", Guid.Parse(certificate.CertificateId));
        await Eventually.TrueAsync(async () => (await fixture.ExclusionsAsync(opportunity, member)).SequenceEqual(["prerequisite_missing"]),
            what: "the member to become ineligible when the certificate lapses");
    }

    public sealed class Fixture : IAsyncLifetime
    {
        private readonly string _logs = Directory.CreateTempSubdirectory("involvement-training-e2e-").FullName;
        private readonly string _recruitmentDb = TestInfrastructure.UniqueDatabaseName("e2e_tr_recruitment");
        private readonly string _trainingDb = TestInfrastructure.UniqueDatabaseName("e2e_tr_training");

        public TestVirtualHost VirtualHost { get; private set; } = null!;

        public ServiceProcess Recruitment { get; private set; } = null!;

        public ServiceProcess Training { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            VirtualHost = await TestVirtualHost.CreateAsync();
            await TestInfrastructure.CreateDatabaseAsync(_recruitmentDb, "recruitment");
            await TestInfrastructure.CreateDatabaseAsync(_trainingDb, "training");
            Recruitment = new ServiceProcess("Recruitment", ServiceSettings.For("recruitment", _recruitmentDb, VirtualHost.Name), _logs);
            var training = ServiceSettings.For("training", _trainingDb, VirtualHost.Name);
            training["Training:ExpirySweepInterval"] = "00:00:01";   // the sweep runs while the test watches, as it does every 15 minutes in a trust
            Training = new ServiceProcess("Training", training, _logs);
            await Task.WhenAll(Recruitment.StartAsync(), Training.StartAsync());
        }

        public static CallInvoker Calls(ServiceProcess service, string role) => service.OpenChannel().CreateCallInvoker().As(role, $"{role}-user");

        private Task<MatchMembersResponse> MatchAsync(Opportunity opportunity) =>
            new MatchingService.MatchingServiceClient(Calls(Recruitment, Roles.PpiTeam))
                .MatchMembersAsync(new MatchMembersRequest { OpportunityId = opportunity.OpportunityId, Limit = 50 }).ResponseAsync;

        public async Task<bool> IsCandidateAsync(Opportunity opportunity, Member member) =>
            (await MatchAsync(opportunity)).Candidates.Any(c => c.MemberId == member.MemberId);

        public async Task<IReadOnlyList<string>> ExclusionsAsync(Opportunity opportunity, Member member) =>
            (await MatchAsync(opportunity)).Excluded.SingleOrDefault(e => e.MemberId == member.MemberId)?.Reasons.Select(r => r.Code).ToList() ?? [];

        public async Task TrainingExecuteAsync(string sql, Guid id)
        {
            await using var db = new NpgsqlConnection(TestInfrastructure.ConnectionString(_trainingDb));
            Assert.Equal(1, await db.ExecuteAsync(sql, new { id }));
        }

        public async Task DisposeAsync()
        {
            await Recruitment.DisposeAsync();
            await Training.DisposeAsync();
            await TestInfrastructure.DropDatabaseAsync(_recruitmentDb);
            await TestInfrastructure.DropDatabaseAsync(_trainingDb);
            await VirtualHost.DisposeAsync();
        }
    }
}
