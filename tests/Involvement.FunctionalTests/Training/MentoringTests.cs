using Google.Rpc;
using Grpc.Core;
using Involvement.BuildingBlocks.Security;
using Involvement.Contracts.Training;
using Involvement.Training.V1;
using static Involvement.FunctionalTests.Training.SupportSteps;

namespace Involvement.FunctionalTests.Training;

public sealed class MentoringTests(TrainingFixture fixture) : IClassFixture<TrainingFixture>
{
    private MentoringService.MentoringServiceClient Mentoring(string role = Roles.Trainer, string subject = "test-user") => new(fixture.Calls(role, subject));

    private async Task<Guid> MentorAsync(int cap = 0)
    {
        var mentor = await fixture.MemberAsync(level: 4, activeSince: Today.AddYears(-2));
        await Mentoring().RegisterMentorAsync(new RegisterMentorRequest { LearnerId = mentor.ToString(), Cap = cap });
        return mentor;
    }

    private static StartPairingRequest Pair(Guid mentor, Guid mentee, DateOnly? on = null) => new()
    {
        IdempotencyKey = Key(), MentorId = mentor.ToString(), MenteeMemberId = mentee.ToString(), StartedOn = D(on ?? Today.AddDays(-30)),
    };

    private static IEnumerable<string> Violations(RpcException ex) => ex.GetRpcStatus()!.GetDetail<PreconditionFailure>().Violations.Select(v => v.Type);

    [Fact]
    public async Task A_pairing_starts_within_the_mentor_s_cap_once_however_often_it_is_asked_and_publishes_once()
    {
        var started = await fixture.ProbeAsync<MentoringPairStarted>();
        var mentor = await MentorAsync(cap: 1);
        var mentee = await fixture.MemberAsync(activeSince: Today.AddMonths(-1));
        var request = Pair(mentor, mentee);

        var pairing = (await Mentoring().StartPairingAsync(request)).Pairing;
        Assert.Equal(pairing, (await Mentoring().StartPairingAsync(request)).Pairing);

        Assert.Equal((mentor.ToString(), mentee.ToString(), "Test Member", 1L), (pairing.MentorId, pairing.MenteeMemberId, pairing.MenteeName, pairing.Version));
        Assert.Null(pairing.EndedOn);
        var atCap = await RpcAssert.FailsWith(StatusCode.FailedPrecondition, async () =>
            await Mentoring().StartPairingAsync(Pair(mentor, await fixture.MemberAsync(activeSince: Today))));
        Assert.Equal(["MENTOR_AT_CAP"], Violations(atCap));
        var paired = await RpcAssert.FailsWith(StatusCode.FailedPrecondition, async () => await Mentoring().StartPairingAsync(Pair(await MentorAsync(), mentee)));
        Assert.Equal(["MENTEE_ALREADY_PAIRED"], Violations(paired));
        var self = await RpcAssert.FailsWith(StatusCode.FailedPrecondition, async () => await Mentoring().StartPairingAsync(Pair(mentor, mentor)));
        Assert.Contains("MENTOR_IS_MENTEE", Violations(self));

        await fixture.SettledAsync();
        var e = Assert.Single(started.Received, e => e.PairingId == Guid.Parse(pairing.PairingId));
        Assert.Equal((mentor, "member", mentee, Today.AddDays(-30)), (e.MentorId, e.MentorKind, e.MenteeMemberId, e.StartedOn));
        Assert.Single(started.Received, e => e.MenteeMemberId == mentee);
    }

    [Fact]
    public async Task A_member_of_staff_mentors_members_and_is_never_a_mentee()
    {
        var started = await fixture.ProbeAsync<MentoringPairStarted>();
        var staff = await fixture.RegisterStaffAsync("Jo Mentor");
        var mentor = (await Mentoring(Roles.PpiTeam).RegisterMentorAsync(new RegisterMentorRequest { LearnerId = staff.LearnerId, Cap = 2 })).Mentor;
        var mentee = await fixture.MemberAsync(activeSince: Today);

        var pairing = (await Mentoring().StartPairingAsync(Pair(Guid.Parse(staff.LearnerId), mentee))).Pairing;
        var staffMentee = await RpcAssert.FailsWith(StatusCode.FailedPrecondition, async () =>
            await Mentoring().StartPairingAsync(Pair(await MentorAsync(), Guid.Parse((await fixture.RegisterStaffAsync()).LearnerId))));

        Assert.Equal((LearnerKind.Staff, "Jo Mentor", 2), (mentor.Kind, mentor.Name, mentor.Cap));
        Assert.Equal("Jo Mentor", pairing.MentorName);
        Assert.Equal(["MENTEE_NOT_A_MEMBER"], Violations(staffMentee));
        await fixture.SettledAsync();
        Assert.Equal("staff", Assert.Single(started.Received, e => e.PairingId == Guid.Parse(pairing.PairingId)).MentorKind);
    }

    [Fact]
    public async Task Ending_a_pairing_publishes_once_frees_the_mentor_s_place_and_cannot_happen_twice()
    {
        var ended = await fixture.ProbeAsync<MentoringPairEnded>();
        var mentor = await MentorAsync(cap: 1);
        var pairing = (await Mentoring().StartPairingAsync(Pair(mentor, await fixture.MemberAsync(activeSince: Today)))).Pairing;

        await RpcAssert.FailsWith(StatusCode.Aborted, async () =>
            await Mentoring().EndPairingAsync(new EndPairingRequest { PairingId = pairing.PairingId, ExpectedVersion = 7, EndedOn = D(Today) }));
        var before = await RpcAssert.FailsWith(StatusCode.FailedPrecondition, async () =>
            await Mentoring().EndPairingAsync(new EndPairingRequest { PairingId = pairing.PairingId, ExpectedVersion = 1, EndedOn = D(Today.AddDays(-31)) }));
        Assert.Equal(["ENDED_BEFORE_START"], Violations(before));
        var done = (await Mentoring().EndPairingAsync(new EndPairingRequest { PairingId = pairing.PairingId, ExpectedVersion = 1, EndedOn = D(Today) })).Pairing;
        var again = await RpcAssert.FailsWith(StatusCode.FailedPrecondition, async () =>
            await Mentoring().EndPairingAsync(new EndPairingRequest { PairingId = pairing.PairingId, ExpectedVersion = 2, EndedOn = D(Today) }));

        Assert.Equal((D(Today), 2L), (done.EndedOn, done.Version));
        Assert.Equal(["PAIRING_ENDED"], Violations(again));
        Assert.NotNull((await Mentoring().StartPairingAsync(Pair(mentor, await fixture.MemberAsync(activeSince: Today)))).Pairing);
        await fixture.SettledAsync();
        var e = Assert.Single(ended.Received, e => e.PairingId == Guid.Parse(pairing.PairingId));
        Assert.Equal((Today.AddDays(-30), Today, 2L), (e.StartedOn, e.EndedOn, e.AggregateVersion));
    }

    [Fact]
    public async Task Two_pairings_racing_for_a_mentor_s_last_place_start_one()
    {
        var mentor = await MentorAsync(cap: 1);
        var mentees = new[] { await fixture.MemberAsync(activeSince: Today), await fixture.MemberAsync(activeSince: Today), await fixture.MemberAsync(activeSince: Today) };

        var outcomes = await Task.WhenAll(mentees.Select(async m =>
        {
            try
            {
                await Mentoring().StartPairingAsync(Pair(mentor, m));
                return StatusCode.OK;
            }
            catch (RpcException ex)
            {
                return ex.StatusCode;
            }
        }));

        Assert.Equal(1, outcomes.Count(o => o == StatusCode.OK));
        Assert.Equal(2, outcomes.Count(o => o == StatusCode.FailedPrecondition));
        var listed = await Mentoring().ListMentorsAsync(new ListMentorsRequest { PageSize = 200 });
        Assert.Equal((1, 1, 1), listed.Mentors.Where(m => m.LearnerId == mentor.ToString()).Select(m => (m.OpenPairings, m.Cap, m.OwnCap)).Single());
        Assert.DoesNotContain((await Mentoring().ListMentorsAsync(new ListMentorsRequest { WithRoomOnly = true, PageSize = 200 })).Mentors,
            m => m.LearnerId == mentor.ToString());
    }

    [Fact]
    public async Task A_mentor_is_registered_once_and_their_cap_changed_by_version()
    {
        var learner = await fixture.MemberAsync(level: 5, activeSince: Today.AddYears(-1));

        var registered = (await Mentoring().RegisterMentorAsync(new RegisterMentorRequest { LearnerId = learner.ToString() })).Mentor;
        await RpcAssert.FailsWith(StatusCode.Aborted, async () =>
            await Mentoring().RegisterMentorAsync(new RegisterMentorRequest { LearnerId = learner.ToString(), Cap = 2 }));
        var changed = (await Mentoring(Roles.PpiTeam).RegisterMentorAsync(new RegisterMentorRequest { LearnerId = learner.ToString(), Cap = 5, ExpectedVersion = 1 })).Mentor;

        Assert.Equal((0, 3, 1L), (registered.OwnCap, registered.Cap, registered.Version));   // Training__MentorCap
        Assert.Equal((5, 5, 2L), (changed.OwnCap, changed.Cap, changed.Version));
        await RpcAssert.FailsWith(StatusCode.NotFound, async () => await Mentoring().RegisterMentorAsync(new RegisterMentorRequest { LearnerId = Guid.NewGuid().ToString() }));
        await RpcAssert.FailsWith(StatusCode.NotFound, async () => await Mentoring().RegisterMentorAsync(
            new RegisterMentorRequest { LearnerId = (await fixture.MemberAsync()).ToString(), ExpectedVersion = 1 }));
        await RpcAssert.FailsWith(StatusCode.NotFound, async () => await Mentoring().StartPairingAsync(Pair(Guid.NewGuid(), learner)));
        await RpcAssert.InvalidFields(async () => await Mentoring().RegisterMentorAsync(new RegisterMentorRequest { LearnerId = "x", Cap = 51, ExpectedVersion = -1 }),
            "learner_id", "cap", "expected_version");
    }

    [Fact]
    public async Task Registering_one_mentor_twice_at_once_makes_one_and_tells_the_other_it_is_stale()
    {
        var learner = (await fixture.MemberAsync()).ToString();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            try
            {
                await Mentoring().RegisterMentorAsync(new RegisterMentorRequest { LearnerId = learner });
                return StatusCode.OK;
            }
            catch (RpcException ex)
            {
                return ex.StatusCode;
            }
        }));

        Assert.Equal([StatusCode.OK, StatusCode.Aborted, StatusCode.Aborted, StatusCode.Aborted], outcomes.Order());
    }

    [Fact]
    public async Task Meetings_are_logged_within_the_pairing_and_counted()
    {
        var pairing = (await Mentoring().StartPairingAsync(Pair(await MentorAsync(), await fixture.MemberAsync(activeSince: Today)))).Pairing;
        var request = new LogMeetingRequest { IdempotencyKey = Key(), PairingId = pairing.PairingId, MetOn = D(Today.AddDays(-20)), DurationMinutes = 45 };

        var first = await Mentoring().LogMeetingAsync(request);
        Assert.Equal(first, await Mentoring().LogMeetingAsync(request));
        var second = await Mentoring().LogMeetingAsync(new LogMeetingRequest { IdempotencyKey = Key(), PairingId = pairing.PairingId, MetOn = D(Today), DurationMinutes = 30 });

        Assert.Equal((2, 75, D(Today)), (second.Pairing.Meetings, second.Pairing.MinutesMet, second.Pairing.LastMetOn));
        var outside = await RpcAssert.FailsWith(StatusCode.FailedPrecondition, async () => await Mentoring().LogMeetingAsync(
            new LogMeetingRequest { IdempotencyKey = Key(), PairingId = pairing.PairingId, MetOn = D(Today.AddDays(-31)), DurationMinutes = 30 }));
        Assert.Equal(["MEETING_OUTSIDE_PAIRING"], Violations(outside));
        await RpcAssert.InvalidFields(async () => await Mentoring().LogMeetingAsync(
            new LogMeetingRequest { IdempotencyKey = Key(), PairingId = pairing.PairingId, MetOn = D(Today.AddDays(1)), DurationMinutes = 0 }),
            "met_on", "duration_minutes");
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, async () => await Mentoring(Roles.Member, pairing.MenteeMemberId).LogMeetingAsync(request));
    }

    [Fact]
    public async Task A_member_sees_only_the_pairings_they_are_in_as_mentee_or_mentor()
    {
        var mentor = await MentorAsync();
        var mentee = await fixture.MemberAsync(activeSince: Today);
        var pairing = (await Mentoring().StartPairingAsync(Pair(mentor, mentee))).Pairing;
        var others = (await Mentoring().StartPairingAsync(Pair(await MentorAsync(), await fixture.MemberAsync(activeSince: Today)))).Pairing;

        var asMentee = await Mentoring(Roles.Member, mentee.ToString()).ListPairingsAsync(new ListPairingsRequest());
        var asMentor = await Mentoring(Roles.Member, mentor.ToString()).ListPairingsAsync(new ListPairingsRequest { OpenOnly = true });
        var namingOthers = await Mentoring(Roles.Member, mentee.ToString()).ListPairingsAsync(new ListPairingsRequest { MenteeMemberId = others.MenteeMemberId });
        var byMentor = await Mentoring().ListPairingsAsync(new ListPairingsRequest { MentorId = mentor.ToString() });

        Assert.Equal([pairing], asMentee.Pairings);
        Assert.Equal([pairing], asMentor.Pairings);
        Assert.Empty(namingOthers.Pairings);
        Assert.Equal([pairing], byMentor.Pairings);
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, async () => await Mentoring(Roles.Finance).ListPairingsAsync(new ListPairingsRequest()));
    }

    [Fact]
    public async Task New_representatives_without_a_mentor_are_listed_until_they_are_paired_or_no_longer_new()
    {
        var fresh = await fixture.MemberAsync(activeSince: Today.AddMonths(-2));
        var lastDay = await fixture.MemberAsync(activeSince: Today.AddMonths(-6).AddDays(1));
        var longStanding = await fixture.MemberAsync(activeSince: Today.AddMonths(-6));
        var applicant = await fixture.MemberAsync();
        var paired = await fixture.MemberAsync(activeSince: Today.AddMonths(-1));
        await Mentoring().StartPairingAsync(Pair(await MentorAsync(), paired, Today));

        // Became active, but the status event overtook the registration: still new, still unmentored.
        var overtaken = Guid.CreateVersion7();
        await fixture.PublishStatusAsync(overtaken, "active", 2, Today.AddDays(-3), "applicant");
        await fixture.MemberEvents.PublishAsync(Involvement.TestKit.Events.MemberRegistered(overtaken, "Late Registration"));
        await fixture.StandingAsync(overtaken, "active", 1);

        var listed = new List<NewRepresentative>();
        var token = "";
        do
        {
            var page = await Mentoring(Roles.PpiTeam).ListUnmentoredNewRepresentativesAsync(new ListUnmentoredNewRepresentativesRequest { PageSize = 2, PageToken = token });
            listed.AddRange(page.Representatives);
            token = page.NextPageToken;
        }
        while (token != "");

        var ids = listed.Select(r => Guid.Parse(r.MemberId)).ToList();
        Assert.Contains(fresh, ids);
        Assert.Contains(lastDay, ids);
        Assert.Contains(overtaken, ids);
        Assert.DoesNotContain(longStanding, ids);
        Assert.DoesNotContain(applicant, ids);
        Assert.DoesNotContain(paired, ids);
        var entry = listed.Single(r => r.MemberId == fresh.ToString());
        Assert.Equal((D(Today.AddMonths(-2)), D(Today.AddMonths(-2).AddMonths(6).AddDays(-1))), (entry.ActiveSince, entry.NewUntil));
        Assert.Equal("Late Registration", listed.Single(r => r.MemberId == overtaken.ToString()).Name);
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, async () =>
            await Mentoring(Roles.Member, fresh.ToString()).ListUnmentoredNewRepresentativesAsync(new ListUnmentoredNewRepresentativesRequest()));
    }
}
