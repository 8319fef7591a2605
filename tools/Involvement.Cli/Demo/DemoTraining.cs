using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Involvement.BuildingBlocks.Security;
using Involvement.Recruitment.V1;
using Involvement.Training.V1;
using RecruitmentMember = Involvement.Recruitment.V1.Member;
using RecordAttendanceRequest = Involvement.Training.V1.RecordAttendanceRequest;
using Session = Involvement.Training.V1.Session;

namespace Involvement.Cli;

/// <summary>
/// The demo's training, through training's public API: the starter catalogue from the seeds, a session of the
/// introduction co-facilitated by an expert by experience and an expert by training, a member's completion that makes
/// them eligible for the demo panel in recruitment (through TrainingCompleted), a mentor pairing and the supervision
/// gap. Fixed keys and state checks make a second load change nothing.
/// </summary>
public sealed class DemoTraining(string address, CallInvoker recruitment, TextWriter output)
{
    private sealed record StarterModule(
        string Code, string Title, string Summary, ModuleAudience Audience, ModuleMode Mode, int Minutes, int ValidityMonths, string[] Prerequisites);

    // The seeds' modular training package (KMPT), the Patient Partner induction and the Hospital Improver workshop.
    private static readonly StarterModule[] Catalogue =
    [
        new("intro-participation", "Introduction to Participation", "What involvement is, the Involvement Pyramid, being paid and supported, and where to start.",
            ModuleAudience.Both, ModuleMode.InPerson, 180, 24, []),
        new("co-production", "Co-production", "Working as equal partners from the start: power, roles and sharing decisions.",
            ModuleAudience.Both, ModuleMode.Blended, 360, 36, ["intro-participation"]),
        new("quality-improvement", "Quality Improvement", "Improvement methods and how people with lived experience shape a QI project.",
            ModuleAudience.Both, ModuleMode.Online, 240, 0, ["intro-participation"]),
        new("4pi-standards", "The 4Pi standards", "Principles, Purpose, Presence, Process and Impact: checking involvement against the NSUN standards.",
            ModuleAudience.Both, ModuleMode.ELearning, 90, 0, []),
        new("recruitment-panels", "Recruitment and selection panels", "Sitting on an interview panel: fair questions, scoring, confidentiality.",
            ModuleAudience.ServiceUsersAndCarers, ModuleMode.InPerson, 180, 24, ["intro-participation"]),
        new("facilitation", "Facilitation", "Co-facilitating training and meetings with an expert by training.",
            ModuleAudience.ServiceUsersAndCarers, ModuleMode.InPerson, 360, 36, ["co-production"]),
        new("patient-partner-induction", "Patient Partner induction", "The Patient Partner role, the trust's committees, papers and confidentiality.",
            ModuleAudience.ServiceUsersAndCarers, ModuleMode.InPerson, 240, 12, ["intro-participation"]),
        new("hospital-improver-workshop", "Hospital Improver workshop", "A short workshop for anyone who wants to help improve a service, no commitment needed.",
            ModuleAudience.ServiceUsersAndCarers, ModuleMode.InPerson, 120, 0, []),
    ];

    private ModuleService.ModuleServiceClient Modules => new(Client.Authorised(address, Roles.PpiTeam, "demo-ppi-lead"));

    private LearnerService.LearnerServiceClient Learners => new(Client.Authorised(address, Roles.PpiTeam, "demo-ppi-lead"));

    private SessionService.SessionServiceClient Sessions => new(Client.Authorised(address, Roles.Trainer, "demo-trainer"));

    private EnrolmentService.EnrolmentServiceClient Enrolments => new(Client.Authorised(address, Roles.Trainer, "demo-trainer"));

    private AttendanceService.AttendanceServiceClient Attendance => new(Client.Authorised(address, Roles.Trainer, "demo-trainer"));

    private CertificateService.CertificateServiceClient Certificates => new(Client.Authorised(address, Roles.Trainer, "demo-trainer"));

    private MentoringService.MentoringServiceClient Mentoring => new(Client.Authorised(address, Roles.PpiTeam, "demo-ppi-lead"));

    private SupervisionService.SupervisionServiceClient Supervision => new(Client.Authorised(address, Roles.PpiTeam, "demo-ppi-lead"));

    /// <param name="members">The demo members in load order: the sixth co-facilitates, the seventh is trained, the eighth is mentored.</param>
    public async Task LoadAsync(IReadOnlyList<RecruitmentMember> members, CancellationToken ct)
    {
        foreach (var m in Catalogue)
        {
            await Modules.CreateModuleAsync(new CreateModuleRequest
            {
                IdempotencyKey = $"demo-module-{m.Code}", Code = m.Code,
                Details = new ModuleDetails
                {
                    Title = m.Title, Summary = m.Summary, Audience = m.Audience, Mode = m.Mode, DurationMinutes = m.Minutes, ValidityMonths = m.ValidityMonths,
                    RenewalWindowDays = m.ValidityMonths > 0 ? 60 : 0, PrerequisiteCodes = { m.Prerequisites }, Status = ModuleStatus.Active,
                },
            }, cancellationToken: ct);
        }

        output.WriteLine($"training catalogue: {string.Join(", ", Catalogue.Select(m => m.Title))}");

        var trainer = (await Learners.RegisterStaffLearnerAsync(new RegisterStaffLearnerRequest
        {
            IdempotencyKey = "demo-staff-jo-bennett", StaffReference = "STAFF-0042", Name = "Jo Bennett",
        }, cancellationToken: ct)).Learner;
        var colleague = (await Learners.RegisterStaffLearnerAsync(new RegisterStaffLearnerRequest
        {
            IdempotencyKey = "demo-staff-sam-patel", StaffReference = "STAFF-0107", Name = "Sam Patel",
        }, cancellationToken: ct)).Learner;
        var facilitator = members[5];
        var learner = members[6];
        await WaitUntilKnownAsync(learner.MemberId, ct);
        await WaitUntilKnownAsync(facilitator.MemberId, ct);

        var session = await IntroductionSessionAsync(trainer, facilitator, learner, colleague, ct);
        output.WriteLine($"training session of intro-participation on {Format(session.Days[0].UkDate)} {Format(session.Days[0].UkStarts)}-{Format(session.Days[0].UkEnds)} at {session.Venue}: "
            + $"co-facilitated by {facilitator.DisplayName} (expert by experience) and {trainer.Name} (expert by training): {(session.CoFacilitated ? "yes" : "no (flagged)")}");

        var certificates = (await Certificates.ListCertificatesAsync(new ListCertificatesRequest { ModuleCode = "intro-participation", PageSize = 50 }, cancellationToken: ct))
            .Certificates.Where(c => c.SessionId == session.SessionId).ToList();
        foreach (var c in certificates)
        {
            var name = c.LearnerId == learner.MemberId ? learner.DisplayName : colleague.Name;
            output.WriteLine($"certificate {c.Number}: {name}, {c.ModuleCode}, completed {Format(c.CompletedOn)}, valid to {LastValidDay(c.ExpiresOn)}");
        }

        await ShowEligibilityAsync(learner, ct);
        await MentoringAsync(trainer, members[7], ct);
        await SupervisionAsync(facilitator, ct);
    }

    private async Task<Session> IntroductionSessionAsync(Learner trainer, RecruitmentMember facilitator, RecruitmentMember learner, Learner colleague, CancellationToken ct)
    {
        // Held yesterday, 10:00-13:00 UK time, and recorded afterwards, as a trainer does when the register is typed up.
        var yesterday = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1);
        var starts = new DateTimeOffset(yesterday.ToDateTime(new TimeOnly(10, 0)), TimeZoneInfo.FindSystemTimeZoneById("Europe/London").GetUtcOffset(yesterday.ToDateTime(new TimeOnly(10, 0))));
        var session = (await Sessions.ScheduleSessionAsync(new ScheduleSessionRequest
        {
            IdempotencyKey = "demo-session-intro", ModuleCode = "intro-participation",
            Details = new SessionDetails
            {
                Days = { new SessionDay { StartsAt = Timestamp.FromDateTimeOffset(starts), EndsAt = Timestamp.FromDateTimeOffset(starts.AddHours(3)) } },
                Venue = "Recovery College, Canterbury", Capacity = 12,
                Facilitators =
                {
                    new Facilitator { LearnerId = facilitator.MemberId, Expertise = Expertise.ExpertByExperience },
                    new Facilitator { LearnerId = trainer.LearnerId, Expertise = Expertise.ExpertByTraining },
                },
            },
        }, cancellationToken: ct)).Session;
        if (session.State != SessionState.Scheduled)
        {
            return session;   // loaded before
        }

        foreach (var id in new[] { learner.MemberId, colleague.LearnerId })
        {
            var enrolled = await Enrolments.ListEnrolmentsAsync(new ListEnrolmentsRequest { SessionId = session.SessionId, LearnerId = id }, cancellationToken: ct);
            if (enrolled.Enrolments.All(e => e.State == EnrolmentState.Cancelled))
            {
                await Enrolments.EnrolAsync(new EnrolRequest { IdempotencyKey = $"demo-enrol-{session.SessionId}-{id}", SessionId = session.SessionId, LearnerId = id }, cancellationToken: ct);
            }
        }

        await Attendance.RecordAttendanceAsync(new RecordAttendanceRequest
        {
            SessionId = session.SessionId, DayNumber = 1,
            Entries = { new AttendanceEntry { LearnerId = learner.MemberId, Attended = true }, new AttendanceEntry { LearnerId = colleague.LearnerId, Attended = true } },
        }, cancellationToken: ct);
        session = (await Sessions.GetSessionAsync(new GetSessionRequest { SessionId = session.SessionId }, cancellationToken: ct)).Session;
        await Attendance.MarkSessionHeldAsync(new MarkSessionHeldRequest { SessionId = session.SessionId, ExpectedVersion = session.Version }, cancellationToken: ct);
        await Certificates.RecordCompletionAsync(new RecordCompletionRequest { IdempotencyKey = $"demo-completion-{session.SessionId}", SessionId = session.SessionId }, cancellationToken: ct);
        return (await Sessions.GetSessionAsync(new GetSessionRequest { SessionId = session.SessionId }, cancellationToken: ct)).Session;
    }

    /// <summary>The trained member appears among the demo panel's eligible candidates once recruitment has the completion.</summary>
    private async Task ShowEligibilityAsync(RecruitmentMember learner, CancellationToken ct)
    {
        var opportunities = new OpportunityService.OpportunityServiceClient(recruitment);
        var panel = (await opportunities.ListOpportunitiesAsync(new ListOpportunitiesRequest { PageSize = 100 }, cancellationToken: ct))
            .Opportunities.FirstOrDefault(o => o.Content.Title == "Carers' strategy panel");
        if (panel is null)
        {
            return;
        }

        var matching = new MatchingService.MatchingServiceClient(recruitment);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var match = await matching.MatchMembersAsync(new MatchMembersRequest { OpportunityId = panel.OpportunityId, Limit = 50 }, cancellationToken: ct);
            if (match.Candidates.FirstOrDefault(c => c.MemberId == learner.MemberId) is { } candidate)
            {
                output.WriteLine($"eligibility: with intro-participation from training, {learner.DisplayName} is now candidate {candidate.Rank} for \"{panel.Content.Title}\"");
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                var reasons = match.Excluded.FirstOrDefault(e => e.MemberId == learner.MemberId)?.Reasons.Select(r => r.Code) ?? [];
                output.WriteLine($"eligibility: recruitment has not yet counted the completion for {learner.DisplayName} ({string.Join(", ", reasons)})");
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), ct);
        }
    }

    private async Task MentoringAsync(Learner mentor, RecruitmentMember mentee, CancellationToken ct)
    {
        await WaitUntilKnownAsync(mentee.MemberId, ct);
        var mentors = await Mentoring.ListMentorsAsync(new ListMentorsRequest { PageSize = 100 }, cancellationToken: ct);
        if (mentors.Mentors.All(m => m.LearnerId != mentor.LearnerId))
        {
            await Mentoring.RegisterMentorAsync(new RegisterMentorRequest { LearnerId = mentor.LearnerId }, cancellationToken: ct);
        }

        var pairing = (await Mentoring.StartPairingAsync(new StartPairingRequest
        {
            IdempotencyKey = "demo-pairing", MentorId = mentor.LearnerId, MenteeMemberId = mentee.MemberId, StartedOn = ToDate(DateOnly.FromDateTime(DateTime.UtcNow)),
        }, cancellationToken: ct)).Pairing;
        var unmentored = await Mentoring.ListUnmentoredNewRepresentativesAsync(new ListUnmentoredNewRepresentativesRequest { PageSize = 100 }, cancellationToken: ct);
        output.WriteLine($"mentoring: {pairing.MentorName} mentors {pairing.MenteeName} since {Format(pairing.StartedOn)}; "
            + $"{unmentored.Representatives.Count} new representatives still without a mentor");
    }

    private async Task SupervisionAsync(RecruitmentMember supervised, CancellationToken ct)
    {
        await Supervision.RecordSupportSessionAsync(new RecordSupportSessionRequest
        {
            IdempotencyKey = "demo-supervision", Kind = SupportKind.Supervision, Format = SupportFormat.Individual,
            HeldOn = ToDate(DateOnly.FromDateTime(DateTime.UtcNow)), DurationMinutes = 60, AttendeeIds = { supervised.MemberId },
        }, cancellationToken: ct);
        var coverage = await Supervision.GetSupervisionCoverageAsync(new GetSupervisionCoverageRequest(), cancellationToken: ct);
        output.WriteLine($"supervision: {coverage.Needing} active members at level {coverage.SupervisionLevel} or above need it every {coverage.IntervalMonths} months; "
            + $"{coverage.NeverSupervised} never supervised (the gap), {coverage.Overdue} overdue");
    }

    /// <summary>Training learns members from recruitment's events; the first load may be a moment ahead of them.</summary>
    private async Task WaitUntilKnownAsync(string memberId, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                await Learners.GetLearnerAsync(new GetLearnerRequest { LearnerId = memberId }, cancellationToken: ct);
                return;
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound && DateTime.UtcNow < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250), ct);
            }
        }
    }

    private static Google.Type.Date ToDate(DateOnly d) => new() { Year = d.Year, Month = d.Month, Day = d.Day };

    private static string Format(Google.Type.Date? d) => d is null ? "never" : $"{d.Year:D4}-{d.Month:D2}-{d.Day:D2}";

    // expires_on is the first day a certificate is no longer valid
    private static string LastValidDay(Google.Type.Date? expiresOn) =>
        expiresOn is null ? "no expiry" : Format(ToDate(new DateOnly(expiresOn.Year, expiresOn.Month, expiresOn.Day).AddDays(-1)));

    private static string Format(Google.Type.TimeOfDay t) => $"{t.Hours:D2}:{t.Minutes:D2}";
}
