extern alias TrainingHost;

using Grpc.Core;
using Involvement.BuildingBlocks.Security;
using Involvement.Contracts.Training;
using Involvement.Training.V1;
using Microsoft.Extensions.DependencyInjection;
using TrainingHost::Involvement.Training.Expiry;

namespace Involvement.FunctionalTests.Training.Certificates;

/// <summary>RecordCompletion over real sessions: enrolled, attended day by day and marked held through their own APIs.</summary>
public sealed class CompletionTests(TrainingFixture fixture) : IClassFixture<TrainingFixture>
{
    private const int ValidityMonths = 24;   // TrainingFixture.ModuleDetails' defaults
    private const int RenewalWindowDays = 60;

    private readonly EnrolmentWorld _world = new(fixture);

    private CertificateService.CertificateServiceClient Certificates(string role = Roles.Trainer, string subject = EnrolmentWorld.TrainerSubject) =>
        new(fixture.Calls(role, subject));

    private Task<RecordCompletionResponse> CompleteAsync(Guid session, string? key = null, params Guid[] learners) =>
        Certificates().RecordCompletionAsync(new RecordCompletionRequest
        {
            IdempotencyKey = key ?? Guid.NewGuid().ToString(), SessionId = session.ToString(), LearnerIds = { learners.Select(l => l.ToString()) },
        }).ResponseAsync;

    /// <summary>
    /// A session of <paramref name="days"/> days that the learners enrolled on, then attended on the days given (1-based),
    /// and that was marked held; returns it with the UK date of its last day.
    /// </summary>
    private async Task<(Guid Session, DateOnly HeldOn)> HeldSessionAsync(string module, int days, params (Guid Learner, int[] Days)[] attendance)
    {
        var session = await _world.SessionAsync(module, dayHours: [.. Enumerable.Repeat(3.0, days)]);
        foreach (var (learner, _) in attendance)
        {
            await _world.EnrolAsync(session, learner);
        }

        await _world.PassAsync(session);
        for (var day = 1; day <= days; day++)
        {
            await _world.Attendance().RecordAttendanceAsync(new RecordAttendanceRequest
            {
                SessionId = session.ToString(), DayNumber = day,
                Entries = { attendance.Select(a => new AttendanceEntry { LearnerId = a.Learner.ToString(), Attended = a.Days.Contains(day) }) },
            });
        }

        var held = await _world.Attendance().MarkSessionHeldAsync(new MarkSessionHeldRequest
        {
            SessionId = session.ToString(), ExpectedVersion = await _world.SessionVersionAsync(session),
        });
        return (session, new DateOnly(held.HeldOn.Year, held.HeldOn.Month, held.HeldOn.Day));
    }

    private static DateOnly Date(Google.Type.Date date) => new(date.Year, date.Month, date.Day);

    [Fact]
    public async Task A_held_session_certifies_everyone_who_attended_every_day_and_tells_recruitment_about_members_once()
    {
        var completed = await fixture.ProbeAsync<TrainingCompleted>();
        var module = await _world.ModuleAsync();
        var member = await _world.MemberAsync();
        var partly = await _world.MemberAsync();
        var staff = await _world.StaffAsync();
        var (session, heldOn) = await HeldSessionAsync(module, 2, (member, [1, 2]), (partly, [1]), (staff, [1, 2]));

        var key = Guid.NewGuid().ToString();
        var issued = (await CompleteAsync(session, key)).Certificates;
        var retried = (await CompleteAsync(session, key)).Certificates;
        var nothingLeft = (await CompleteAsync(session)).Certificates;
        await fixture.SettledAsync();

        Assert.Equal(new[] { member, staff }.Select(l => l.ToString()).Order(StringComparer.Ordinal), issued.Select(c => c.LearnerId).Order(StringComparer.Ordinal));
        Assert.All(issued, c =>
        {
            Assert.Equal((module, session.ToString(), CertificateSource.Session, CertificateStatus.Valid), (c.ModuleCode, c.SessionId, c.Source, c.Status));
            Assert.Equal(heldOn, Date(c.CompletedOn));
            Assert.Equal(heldOn.AddMonths(ValidityMonths), Date(c.ExpiresOn));
            Assert.Equal(EnrolmentWorld.TrainerSubject, c.IssuedBy);
            Assert.Matches("^TC-[0-9]{6}$", c.Number);
        });
        Assert.NotEqual(issued[0].Number, issued[1].Number);
        Assert.Equal(issued, retried);
        Assert.Empty(nothingLeft);
        var events = completed.Received.Where(e => e.ModuleCode == module).ToList();
        var only = Assert.Single(events);   // the member's; staff have no member record
        Assert.Equal((member, heldOn, heldOn.AddMonths(ValidityMonths)), (only.MemberId, only.CompletedOn, only.ExpiresOn));
        var own = (await Certificates(Roles.Member, member.ToString()).ListCertificatesAsync(new ListCertificatesRequest())).Certificates;
        Assert.Equal(issued.Single(c => c.LearnerId == member.ToString()).CertificateId, Assert.Single(own).CertificateId);
    }

    [Fact]
    public async Task Staff_completions_are_published_for_reporting_by_learner_id_only_once()
    {
        var staffCompleted = await fixture.ProbeAsync<StaffTrainingCompleted>();
        var module = await _world.ModuleAsync();
        var member = await _world.MemberAsync();
        var staff = await _world.StaffAsync();
        var partly = await _world.StaffAsync();
        var (session, heldOn) = await HeldSessionAsync(module, 2, (member, [1, 2]), (staff, [1, 2]), (partly, [2]));

        var key = Guid.NewGuid().ToString();
        await CompleteAsync(session, key);
        await CompleteAsync(session, key);
        await CompleteAsync(session);
        await fixture.SettledAsync();

        var only = Assert.Single(staffCompleted.Received, e => e.ModuleCode == module);   // not the member's, not the partial attender's
        Assert.Equal((staff, module, heldOn, 1L), (only.StaffLearnerId, only.ModuleCode, only.CompletedOn, only.AggregateVersion));
        Assert.Empty(Involvement.BuildingBlocks.Messaging.EventContract.Problems(only));
    }

    [Fact]
    public async Task Named_learners_must_each_have_attended_every_day_and_not_be_certified_already()
    {
        var completed = await fixture.ProbeAsync<TrainingCompleted>();
        var module = await _world.ModuleAsync();
        var member = await _world.MemberAsync();
        var partly = await _world.MemberAsync();
        var other = await _world.MemberAsync();
        var stranger = await _world.MemberAsync();   // never enrolled
        var (session, _) = await HeldSessionAsync(module, 2, (member, [1, 2]), (partly, [2]), (other, [1, 2]));

        var first = (await CompleteAsync(session, null, member)).Certificates;
        var refused = await EnrolmentWorld.RefusedAsync(() => CompleteAsync(session, null, member, partly, stranger, other));
        await fixture.SettledAsync();

        Assert.Equal(member.ToString(), Assert.Single(first).LearnerId);
        Assert.Equal(
            [("ALREADY_CERTIFIED", member.ToString()), ("INCOMPLETE_ATTENDANCE", partly.ToString()), ("INCOMPLETE_ATTENDANCE", stranger.ToString())],
            refused);
        Assert.Equal([member], completed.Received.Where(e => e.ModuleCode == module).Select(e => e.MemberId));   // nothing for a refused request
        Assert.Equal(other.ToString(), Assert.Single((await CompleteAsync(session)).Certificates).LearnerId);
    }

    [Fact]
    public async Task Only_a_held_session_can_be_completed()
    {
        var module = await _world.ModuleAsync();
        var scheduled = await _world.SessionAsync(module);

        Assert.Equal([("SESSION_NOT_HELD", scheduled.ToString())], await EnrolmentWorld.RefusedAsync(() => CompleteAsync(scheduled)));
        await RpcAssert.FailsWith(StatusCode.NotFound, () => CompleteAsync(Guid.CreateVersion7()));
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => Certificates(Roles.Member, Guid.CreateVersion7().ToString())
            .RecordCompletionAsync(new RecordCompletionRequest { IdempotencyKey = "k", SessionId = scheduled.ToString() }).ResponseAsync);
    }

    [Fact]
    public async Task A_renewal_within_the_window_runs_on_from_the_current_expiry_and_the_old_certificate_never_lapses()
    {
        var expired = await fixture.ProbeAsync<TrainingExpired>();
        var renewalDue = await fixture.ProbeAsync<TrainingRenewalDue>();
        var module = await _world.ModuleAsync();
        var renewing = await _world.MemberAsync();
        var lapsed = await _world.MemberAsync();
        var today = CertificateSeed.Today;
        var currentExpiry = today.AddDays(20);   // inside the 60-day window and the 30-day renewal notice
        await _world.CertificateAsync(renewing, module, currentExpiry);
        await _world.CertificateAsync(lapsed, module, today.AddDays(-60));
        var (session, heldOn) = await HeldSessionAsync(module, 1, (renewing, [1]), (lapsed, [1]));
        Assert.True(heldOn < currentExpiry && heldOn >= currentExpiry.AddDays(-RenewalWindowDays));

        var issued = (await CompleteAsync(session)).Certificates;
        await fixture.Services.GetRequiredService<ExpirySweep>().SweepAsync(CancellationToken.None);
        await fixture.SettledAsync();

        Assert.Equal(currentExpiry.AddMonths(ValidityMonths), Date(issued.Single(c => c.LearnerId == renewing.ToString()).ExpiresOn));
        Assert.Equal(heldOn.AddMonths(ValidityMonths), Date(issued.Single(c => c.LearnerId == lapsed.ToString()).ExpiresOn));
        var history = (await Certificates().ListCertificatesAsync(new ListCertificatesRequest { LearnerId = renewing.ToString(), ModuleCode = module })).Certificates;
        var old = Assert.Single(history, c => c.Source == CertificateSource.ByHand);
        var renewal = Assert.Single(history, c => c.Source == CertificateSource.Session);
        Assert.Equal((CertificateStatus.Superseded, renewal.CertificateId), (old.Status, old.SupersededBy));
        Assert.DoesNotContain(expired.Received, e => e.ModuleCode == module);
        Assert.DoesNotContain(renewalDue.Received, e => e.ModuleCode == module);
    }

    [Fact]
    public async Task Two_completions_of_one_session_at_once_certify_each_learner_once()
    {
        var completed = await fixture.ProbeAsync<TrainingCompleted>();
        var module = await _world.ModuleAsync();
        var first = await _world.MemberAsync();
        var second = await _world.MemberAsync();
        var (session, _) = await HeldSessionAsync(module, 1, (first, [1]), (second, [1]));

        var results = await Task.WhenAll(CompleteAsync(session), CompleteAsync(session));
        await fixture.SettledAsync();

        Assert.Equal(2, results.Sum(r => r.Certificates.Count));
        Assert.Equal(new[] { first, second }.Select(l => l.ToString()).Order(StringComparer.Ordinal),
            results.SelectMany(r => r.Certificates).Select(c => c.LearnerId).Order(StringComparer.Ordinal));
        Assert.Equal(2, completed.Received.Count(e => e.ModuleCode == module));
    }
}
