using Google.Rpc;
using Grpc.Core;
using Involvement.BuildingBlocks.Security;
using Involvement.Training.V1;

namespace Involvement.FunctionalTests.Training;

public sealed class ModuleTests(TrainingFixture fixture) : IClassFixture<TrainingFixture>
{
    [Fact]
    public async Task Creates_a_module_and_every_role_can_read_it()
    {
        var code = TrainingFixture.NewCode("co-production");
        var created = await fixture.CreateModuleAsync(TrainingFixture.ModuleDetails(ModuleAudience.ServiceUsersAndCarers, validityMonths: 0), code);

        Assert.Equal(code, created.Code);
        Assert.Equal(1, created.Version);
        Assert.Equal(0, created.Details.ValidityMonths);
        foreach (var role in Roles.All)
        {
            var read = (await fixture.Modules(role).GetModuleAsync(new GetModuleRequest { Code = code })).Module;
            Assert.Equal(created, read);
        }
    }

    [Fact]
    public async Task A_retried_create_returns_the_same_module_and_a_second_code_is_refused()
    {
        var request = new CreateModuleRequest { IdempotencyKey = Guid.NewGuid().ToString(), Code = TrainingFixture.NewCode(), Details = TrainingFixture.ModuleDetails() };

        var first = (await fixture.Modules().CreateModuleAsync(request)).Module;
        var retried = (await fixture.Modules().CreateModuleAsync(request)).Module;
        Assert.Equal(first, retried);

        var again = request.Clone();
        again.IdempotencyKey = Guid.NewGuid().ToString();
        await RpcAssert.FailsWith(StatusCode.AlreadyExists, () => fixture.Modules().CreateModuleAsync(again).ResponseAsync);
    }

    [Fact]
    public async Task Only_the_ppi_team_changes_the_catalogue()
    {
        var request = new CreateModuleRequest { IdempotencyKey = "k", Code = TrainingFixture.NewCode(), Details = TrainingFixture.ModuleDetails() };
        foreach (var role in new[] { Roles.Trainer, Roles.Member, Roles.Finance, Roles.ProjectLead, Roles.ReportingConsumer })
        {
            await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => fixture.Modules(role).CreateModuleAsync(request).ResponseAsync);
        }

        await RpcAssert.FailsWith(StatusCode.Unauthenticated, () => fixture.Modules(null).GetModuleAsync(new GetModuleRequest { Code = "x" }).ResponseAsync);
    }

    [Fact]
    public async Task Bad_fields_are_named()
    {
        var details = TrainingFixture.ModuleDetails();
        details.Title = "";
        details.Audience = (ModuleAudience)42;
        details.DurationMinutes = 0;
        details.ValidityMonths = 121;
        details.PrerequisiteCodes.Add("Not A Code");
        await RpcAssert.InvalidFields(
            () => fixture.Modules().CreateModuleAsync(new CreateModuleRequest { IdempotencyKey = "k", Code = "Intro_Participation", Details = details }).ResponseAsync,
            "code", "details.title", "details.audience", "details.duration_minutes", "details.validity_months", "details.prerequisite_codes[0]");
        await RpcAssert.InvalidFields(() => fixture.Modules().CreateModuleAsync(new CreateModuleRequest { Code = new string('a', 51) }).ResponseAsync,
            "idempotency_key", "code", "details");
        var neverExpires = TrainingFixture.ModuleDetails(validityMonths: 0);
        neverExpires.RenewalWindowDays = 30;
        await RpcAssert.InvalidFields(
            () => fixture.Modules().CreateModuleAsync(new CreateModuleRequest { IdempotencyKey = "k", Code = "a-b", Details = neverExpires }).ResponseAsync,
            "details.renewal_window_days");
    }

    [Fact]
    public async Task Prerequisites_must_exist()
    {
        var missing = TrainingFixture.NewCode("missing");
        var ex = await RpcAssert.FailsWith(StatusCode.FailedPrecondition,
            () => fixture.CreateModuleAsync(TrainingFixture.ModuleDetails(prerequisites: missing)));

        var violation = Assert.Single(ex.GetRpcStatus()!.GetDetail<PreconditionFailure>().Violations);
        Assert.Equal(("UNKNOWN_PREREQUISITE", missing), (violation.Type, violation.Subject));
    }

    [Fact]
    public async Task A_cycle_through_a_chain_is_refused_naming_the_chain()
    {
        var a = await fixture.CreateModuleAsync();
        var b = await fixture.CreateModuleAsync(TrainingFixture.ModuleDetails(prerequisites: a.Code));
        var c = await fixture.CreateModuleAsync(TrainingFixture.ModuleDetails(prerequisites: b.Code));

        var ex = await RpcAssert.FailsWith(StatusCode.FailedPrecondition, () => fixture.Modules().UpdateModuleAsync(new UpdateModuleRequest
        {
            Code = a.Code, ExpectedVersion = a.Version, Details = TrainingFixture.ModuleDetails(prerequisites: c.Code),
        }).ResponseAsync);

        var violation = Assert.Single(ex.GetRpcStatus()!.GetDetail<PreconditionFailure>().Violations);
        Assert.Equal("PREREQUISITE_CYCLE", violation.Type);
        Assert.Equal($"{a.Code} → {c.Code} → {b.Code} → {a.Code}", violation.Subject);
        Assert.Empty((await fixture.Modules().GetModuleAsync(new GetModuleRequest { Code = a.Code })).Module.Details.PrerequisiteCodes);
    }

    [Fact]
    public async Task A_module_cannot_be_its_own_prerequisite()
    {
        var a = await fixture.CreateModuleAsync();
        await RpcAssert.FailsWith(StatusCode.FailedPrecondition, () => fixture.Modules().UpdateModuleAsync(new UpdateModuleRequest
        {
            Code = a.Code, ExpectedVersion = a.Version, Details = TrainingFixture.ModuleDetails(prerequisites: a.Code),
        }).ResponseAsync);
    }

    [Fact]
    public async Task Updates_replace_the_details_and_a_stale_version_is_aborted()
    {
        var a = await fixture.CreateModuleAsync();
        var b = await fixture.CreateModuleAsync(TrainingFixture.ModuleDetails(prerequisites: a.Code));
        var changed = TrainingFixture.ModuleDetails(ModuleAudience.Staff, validityMonths: 36, status: ModuleStatus.Retired);
        changed.Title = "Recruitment and selection panels";

        var updated = (await fixture.Modules().UpdateModuleAsync(new UpdateModuleRequest { Code = b.Code, ExpectedVersion = b.Version, Details = changed })).Module;

        Assert.Equal(2, updated.Version);
        Assert.Equal(changed, updated.Details);   // the prerequisite is gone too
        await RpcAssert.FailsWith(StatusCode.Aborted, () => fixture.Modules().UpdateModuleAsync(
            new UpdateModuleRequest { Code = b.Code, ExpectedVersion = b.Version, Details = changed }).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.NotFound, () => fixture.Modules().UpdateModuleAsync(
            new UpdateModuleRequest { Code = TrainingFixture.NewCode(), ExpectedVersion = 1, Details = changed }).ResponseAsync);
    }

    [Fact]
    public async Task Lists_filter_and_page_in_code_order()
    {
        // A mode no other test uses, so the list holds exactly these.
        var codes = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var details = TrainingFixture.ModuleDetails(status: i == 2 ? ModuleStatus.Pilot : ModuleStatus.Active);
            details.Mode = ModuleMode.Blended;
            codes.Add((await fixture.CreateModuleAsync(details, TrainingFixture.NewCode("blended"))).Code);
        }

        var first = await fixture.Modules(Roles.Member).ListModulesAsync(new ListModulesRequest { Mode = ModuleMode.Blended, PageSize = 2 });
        var second = await fixture.Modules(Roles.Member).ListModulesAsync(new ListModulesRequest { Mode = ModuleMode.Blended, PageSize = 2, PageToken = first.NextPageToken });

        Assert.Equal(codes.Order(StringComparer.Ordinal), first.Modules.Concat(second.Modules).Select(m => m.Code));
        Assert.Empty(second.NextPageToken);
        var pilots = await fixture.Modules().ListModulesAsync(new ListModulesRequest { Mode = ModuleMode.Blended, Status = ModuleStatus.Pilot });
        Assert.Equal(codes[2], Assert.Single(pilots.Modules).Code);
        await RpcAssert.InvalidFields(() => fixture.Modules().ListModulesAsync(new ListModulesRequest { PageToken = "bogus", Status = (ModuleStatus)9 }).ResponseAsync,
            "page_token", "status");
    }
}
