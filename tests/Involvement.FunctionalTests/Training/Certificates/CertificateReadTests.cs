extern alias TrainingHost;

using Grpc.Core;
using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Security;
using Involvement.Training.V1;
using Microsoft.Extensions.DependencyInjection;
using TrainingHost::Involvement.Training.Certificates;

namespace Involvement.FunctionalTests.Training.Certificates;

public sealed class CertificateReadTests(TrainingFixture fixture) : IClassFixture<TrainingFixture>
{
    private readonly CertificateSeed _seed = new(fixture.OpenDatabase);

    private CertificateService.CertificateServiceClient Certificates(string role = Roles.Trainer, string subject = "trainer-1") => new(fixture.Calls(role, subject));

    private CertificateService.CertificateServiceClient AsMember(Guid memberId) => Certificates(Roles.Member, memberId.ToString());

    [Fact]
    public async Task Get_shows_a_certificate_with_its_status_today()
    {
        var module = CertificateSeed.Module();
        var learner = Guid.CreateVersion7();
        var id = await _seed.CertificateAsync(module, expiresInDays: 0, learnerId: learner);

        var certificate = (await Certificates().GetCertificateAsync(new GetCertificateRequest { CertificateId = id.ToString() })).Certificate;

        Assert.Equal((learner.ToString(), module, CertificateStatus.Expired), (certificate.LearnerId, certificate.ModuleCode, certificate.Status));
        Assert.Equal(CertificateSeed.Today.Day, certificate.ExpiresOn.Day);
        await RpcAssert.FailsWith(StatusCode.NotFound, () => Certificates(Roles.PpiTeam).GetCertificateAsync(new GetCertificateRequest
        {
            CertificateId = Guid.CreateVersion7().ToString(),
        }).ResponseAsync);
        await RpcAssert.InvalidFields(() => Certificates().GetCertificateAsync(new GetCertificateRequest { CertificateId = "nope" }).ResponseAsync,
            "certificate_id");
    }

    [Fact]
    public async Task A_member_sees_their_own_certificates_and_cannot_tell_whether_anyone_elses_exist()
    {
        var module = CertificateSeed.Module();
        var member = Guid.CreateVersion7();
        var other = Guid.CreateVersion7();
        var own = await _seed.CertificateAsync(module, expiresInDays: 20, learnerId: member);
        var theirs = await _seed.CertificateAsync(module, expiresInDays: 20, learnerId: other);

        Assert.Equal(own.ToString(), (await AsMember(member).GetCertificateAsync(new GetCertificateRequest { CertificateId = own.ToString() })).Certificate.CertificateId);
        var mine = (await AsMember(member).ListCertificatesAsync(new ListCertificatesRequest())).Certificates;
        Assert.Equal([own.ToString()], mine.Select(c => c.CertificateId));
        var expiring = (await AsMember(member).ListExpiringSoonAsync(new ListExpiringSoonRequest())).Certificates;
        Assert.Equal([own.ToString()], expiring.Select(c => c.CertificateId));

        foreach (var id in new[] { theirs, Guid.CreateVersion7() })
        {
            await RpcAssert.FailsWith(StatusCode.PermissionDenied,
                () => AsMember(member).GetCertificateAsync(new GetCertificateRequest { CertificateId = id.ToString() }).ResponseAsync);
        }

        await RpcAssert.FailsWith(StatusCode.PermissionDenied,
            () => AsMember(member).ListCertificatesAsync(new ListCertificatesRequest { LearnerId = other.ToString() }).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.PermissionDenied,
            () => AsMember(member).ListExpiringSoonAsync(new ListExpiringSoonRequest { LearnerId = other.ToString() }).ResponseAsync);
    }

    [Theory]
    [InlineData(Roles.Finance)]
    [InlineData(Roles.ReportingConsumer)]
    [InlineData(Roles.ProjectLead)]
    public async Task Other_roles_have_no_access(string role)
    {
        var id = await _seed.CertificateAsync(CertificateSeed.Module(), expiresInDays: 20);

        await RpcAssert.FailsWith(StatusCode.PermissionDenied,
            () => Certificates(role).GetCertificateAsync(new GetCertificateRequest { CertificateId = id.ToString() }).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => Certificates(role).ListCertificatesAsync(new ListCertificatesRequest()).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => Certificates(role).ListExpiringSoonAsync(new ListExpiringSoonRequest()).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => Certificates(role).RecordCompletionAsync(new RecordCompletionRequest
        {
            IdempotencyKey = "k", SessionId = Guid.CreateVersion7().ToString(),
        }).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.Unauthenticated, () => new CertificateService.CertificateServiceClient(fixture.Calls(null))
            .ListCertificatesAsync(new ListCertificatesRequest()).ResponseAsync);
    }

    [Fact]
    public async Task The_list_filters_by_module_and_valid_or_expired_and_pages()
    {
        var module = CertificateSeed.Module();
        var learner = Guid.CreateVersion7();
        var valid = await _seed.CertificateAsync(module, expiresInDays: 10, learnerId: learner);
        var never = await _seed.CertificateAsync(module, expiresInDays: null);
        var expired = await _seed.CertificateAsync(module, expiresInDays: -1);
        var superseded = await _seed.CertificateAsync(module, expiresInDays: 100, supersededBy: valid, learnerId: learner);

        async Task<string[]> ListAsync(CertificateFilter filter) =>
            [.. (await Certificates().ListCertificatesAsync(new ListCertificatesRequest { ModuleCode = module, Filter = filter })).Certificates
                .Select(c => c.CertificateId)];

        Assert.Equal(new[] { valid, never, expired, superseded }.Select(i => i.ToString()), await ListAsync(CertificateFilter.Unspecified));
        Assert.Equal(new[] { valid, never }.Select(i => i.ToString()), await ListAsync(CertificateFilter.Valid));
        Assert.Equal([expired.ToString()], await ListAsync(CertificateFilter.Expired));
        var learners = (await Certificates().ListCertificatesAsync(new ListCertificatesRequest { LearnerId = learner.ToString() })).Certificates;
        Assert.Equal(new[] { valid, superseded }.Select(i => i.ToString()), learners.Select(c => c.CertificateId));

        var seen = new List<string>();
        var token = "";
        do
        {
            var page = await Certificates().ListCertificatesAsync(new ListCertificatesRequest { ModuleCode = module, PageSize = 3, PageToken = token });
            Assert.True(page.Certificates.Count <= 3);
            seen.AddRange(page.Certificates.Select(c => c.CertificateId));
            token = page.NextPageToken;
        }
        while (token != "");

        Assert.Equal(await ListAsync(CertificateFilter.Unspecified), seen);
    }

    [Fact]
    public async Task Expiring_soon_lists_current_certificates_within_the_window_soonest_first_and_pages()
    {
        var module = CertificateSeed.Module();
        var in40 = await _seed.CertificateAsync(module, expiresInDays: 40);
        var in5 = await _seed.CertificateAsync(module, expiresInDays: 5);
        var in60 = await _seed.CertificateAsync(module, expiresInDays: 60);       // the last day of the default window
        await _seed.CertificateAsync(module, expiresInDays: 61);
        await _seed.CertificateAsync(module, expiresInDays: 0);                    // expired today
        await _seed.CertificateAsync(module, expiresInDays: null);
        await _seed.CertificateAsync(module, expiresInDays: 6, supersededBy: in40);
        var in1 = await _seed.CertificateAsync(module, expiresInDays: 1);

        async Task<string[]> ExpiringAsync(int withinDays, int pageSize = 0, string token = "") =>
            [.. (await Certificates(Roles.PpiTeam).ListExpiringSoonAsync(new ListExpiringSoonRequest
            {
                ModuleCode = module, WithinDays = withinDays, PageSize = pageSize, PageToken = token,
            })).Certificates.Select(c => c.CertificateId)];

        Assert.Equal(new[] { in1, in5, in40, in60 }.Select(i => i.ToString()), await ExpiringAsync(0));
        Assert.Equal(new[] { in1, in5 }.Select(i => i.ToString()), await ExpiringAsync(5));

        var first = await Certificates().ListExpiringSoonAsync(new ListExpiringSoonRequest { ModuleCode = module, PageSize = 3 });
        var second = await ExpiringAsync(0, 3, first.NextPageToken);
        Assert.Equal(new[] { in1, in5, in40 }.Select(i => i.ToString()), first.Certificates.Select(c => c.CertificateId));
        Assert.Equal([in60.ToString()], second);
    }

    [Fact]
    public async Task Bad_list_requests_name_their_fields()
    {
        await RpcAssert.InvalidFields(() => Certificates().ListCertificatesAsync(new ListCertificatesRequest
        {
            LearnerId = "x", ModuleCode = new string('a', 51), Filter = (CertificateFilter)9, PageSize = 201, PageToken = "garbage",
        }).ResponseAsync, "learner_id", "module_code", "filter", "page_size", "page_token");
        await RpcAssert.InvalidFields(() => Certificates().ListExpiringSoonAsync(new ListExpiringSoonRequest
        {
            WithinDays = 367, LearnerId = "x",
        }).ResponseAsync, "within_days", "learner_id");
        var module = CertificateSeed.Module();
        await _seed.CertificateAsync(module, expiresInDays: 3);
        await _seed.CertificateAsync(module, expiresInDays: 4);
        var listToken = (await Certificates().ListCertificatesAsync(new ListCertificatesRequest { ModuleCode = module, PageSize = 1 })).NextPageToken;
        Assert.NotEqual("", listToken);
        // a token from one list is refused by the other
        await RpcAssert.InvalidFields(() => Certificates().ListExpiringSoonAsync(new ListExpiringSoonRequest { PageToken = listToken }).ResponseAsync,
            "page_token");

        await RpcAssert.InvalidFields(() => Certificates().RecordCompletionAsync(new RecordCompletionRequest
        {
            SessionId = "s", LearnerIds = { "a", Guid.Empty.ToString() },
        }).ResponseAsync, "idempotency_key", "session_id", "learner_ids[0]", "learner_ids[1]");
    }

    [Fact]
    public async Task Subject_access_lists_every_certificate_a_member_holds_and_erasure_keeps_them_as_anonymous_completions()
    {
        var module = CertificateSeed.Module();
        var member = Guid.CreateVersion7();
        var renewal = await _seed.CertificateAsync(module, expiresInDays: 700, learnerId: member, completedDaysAgo: 10);
        var old = await _seed.CertificateAsync(module, expiresInDays: 5, learnerId: member, supersededBy: renewal);
        await _seed.CertificateAsync(module, expiresInDays: 5);   // someone else's
        var store = fixture.Services.GetRequiredService<CertificateStore>();
        var db = fixture.Services.GetRequiredService<Db>();

        var exported = await db.InTransactionAsync(unit => store.ListForMemberAsync(unit, member), CancellationToken.None);
        await db.InTransactionAsync(async unit =>
        {
            await store.EraseMemberAsync(unit, member);
            return 0;
        }, CancellationToken.None);
        var afterErasure = await db.InTransactionAsync(unit => store.ListForMemberAsync(unit, member), CancellationToken.None);

        Assert.Equal(new[] { renewal, old }.Select(i => i.ToString()).Order(), exported.Select(c => c.CertificateId).Order());
        Assert.Equal(exported, afterErasure);
    }
}
