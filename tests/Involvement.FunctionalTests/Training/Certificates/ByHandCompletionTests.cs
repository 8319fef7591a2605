using Involvement.BuildingBlocks.Security;
using Involvement.Contracts.Recruitment;
using Involvement.Contracts.Training;
using Involvement.TestKit;
using Involvement.Training.V1;

namespace Involvement.FunctionalTests.Training.Certificates;

public sealed class ByHandCompletionTests(TrainingFixture fixture) : IClassFixture<TrainingFixture>
{
    private CertificateService.CertificateServiceClient Certificates(string role = Roles.PpiTeam, string subject = "ppi-officer") =>
        new(fixture.Calls(role, subject));

    private static CompletionRecordedByHand ByHand(Guid memberId, string module, DateOnly completedOn, DateOnly? expiresOn) =>
        new(Guid.CreateVersion7(), DateTimeOffset.UtcNow, 1, memberId, module, completedOn, expiresOn);

    private async Task<List<Certificate>> WaitForAsync(Guid memberId, string module, int count)
    {
        return await Eventually.ValueAsync(async () =>
        {
            var list = (await Certificates().ListCertificatesAsync(new ListCertificatesRequest { LearnerId = memberId.ToString(), ModuleCode = module }))
                .Certificates.ToList();
            return list.Count >= count ? list : throw new InvalidOperationException($"{list.Count} of {count} so far.");
        }, what: $"{count} certificates of {module}");
    }

    [Fact]
    public async Task A_completion_recorded_by_hand_becomes_a_by_hand_certificate_with_its_dates_and_publishes_nothing()
    {
        var completed = await fixture.ProbeAsync<TrainingCompleted>();
        var member = Guid.CreateVersion7();
        const string unknownModule = "safeguarding-level-2";   // a course training does not run
        var completion = ByHand(member, unknownModule, new DateOnly(2026, 1, 31), new DateOnly(2099, 1, 31));

        await fixture.MemberEvents.PublishAsync(completion);
        await fixture.MemberEvents.PublishAsync(completion);   // delivered twice
        var certificate = Assert.Single(await WaitForAsync(member, unknownModule, 1));
        await fixture.SettledAsync();

        Assert.Equal(CertificateSource.ByHand, certificate.Source);
        Assert.Equal(CertificateStatus.Valid, certificate.Status);
        Assert.Equal((2026, 1, 31), (certificate.CompletedOn.Year, certificate.CompletedOn.Month, certificate.CompletedOn.Day));
        Assert.Equal(2099, certificate.ExpiresOn.Year);
        Assert.Equal("", certificate.SessionId);
        Assert.Equal("recruitment", certificate.IssuedBy);
        Assert.Matches("^TC-[0-9]{6}$", certificate.Number);
        Assert.Single((await Certificates().ListCertificatesAsync(new ListCertificatesRequest { LearnerId = member.ToString() })).Certificates);
        Assert.DoesNotContain(completed.Received, e => e.MemberId == member);
    }

    [Fact]
    public async Task The_later_completion_is_current_whichever_arrives_first()
    {
        var member = Guid.CreateVersion7();
        var module = CertificateSeed.Module();

        await fixture.MemberEvents.PublishAsync(ByHand(member, module, new DateOnly(2026, 3, 1), new DateOnly(2099, 3, 1)));
        await WaitForAsync(member, module, 1);
        await fixture.MemberEvents.PublishAsync(ByHand(member, module, new DateOnly(2025, 3, 1), new DateOnly(2026, 3, 1)));   // older, late
        await WaitForAsync(member, module, 2);
        await fixture.MemberEvents.PublishAsync(ByHand(member, module, new DateOnly(2026, 6, 1), null));                       // newer
        var all = await WaitForAsync(member, module, 3);

        var current = Assert.Single(all, c => c.SupersededBy == "");
        Assert.Equal(6, current.CompletedOn.Month);
        Assert.Null(current.ExpiresOn);
        var march = Assert.Single(all, c => c.CompletedOn.Year == 2026 && c.CompletedOn.Month == 3);
        var older = Assert.Single(all, c => c.CompletedOn.Year == 2025);
        Assert.Equal((CertificateStatus.Superseded, current.CertificateId), (march.Status, march.SupersededBy));
        Assert.Equal((CertificateStatus.Superseded, march.CertificateId), (older.Status, older.SupersededBy));   // stored already replaced
        var valid = (await Certificates().ListCertificatesAsync(new ListCertificatesRequest
        {
            LearnerId = member.ToString(), Filter = CertificateFilter.Valid,
        })).Certificates;
        Assert.Equal(current.CertificateId, Assert.Single(valid).CertificateId);
    }
}
