using System.Globalization;
using Involvement.BuildingBlocks.Security;
using Involvement.TestKit;
using Involvement.Training.V1;

namespace Involvement.EndToEndTests.Cli;

/// <summary>A trainer through the CLI: schedules a session (UK wall-clock times), enrols a member, keeps the register.</summary>
[Collection(CliCollection.Name)]
public sealed class TrainerCliTests(SystemFixture system)
{
    [Fact]
    public async Task Create_a_session_enrol_a_member_and_record_their_attendance()
    {
        var module = $"cli-{Guid.NewGuid():N}"[..16];
        using var training = system.Training.OpenChannel();
        await new ModuleService.ModuleServiceClient(training.CreateCallInvoker().As(Roles.PpiTeam)).CreateModuleAsync(new CreateModuleRequest
        {
            IdempotencyKey = Guid.NewGuid().ToString(), Code = module,
            Details = new ModuleDetails { Title = "Facilitation", Audience = ModuleAudience.Both, Mode = ModuleMode.InPerson, DurationMinutes = 180, Status = ModuleStatus.Active },
        });
        var member = await system.RegisterAsync("Learner");
        await Eventually.TrueAsync(async () => (await system.CliAsync("get-learner", "--learner-id", member.MemberId)).Code == 0,
            what: "training to learn the member from recruitment");

        // Yesterday 10:00-13:00 on a UK clock, as a trainer types it up afterwards.
        var yesterday = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var session = (await system.CliAsync("create-session", "--module", module, "--starts", $"{yesterday}T10:00", "--ends", $"{yesterday}T13:00",
            "--capacity", "8", "--venue", "Recovery College", "--output", "json")).Json().GetProperty("session");
        var sessionId = session.GetProperty("sessionId").GetString()!;
        var day = session.GetProperty("days")[0];
        Assert.Equal("10:00-13:00", $"{day.GetProperty("ukStarts").GetProperty("hours").GetInt32():D2}:00-{day.GetProperty("ukEnds").GetProperty("hours").GetInt32():D2}:00");

        var listed = (await system.CliAsync("list-sessions", "--module", module, "--output", "json")).Json();
        Assert.Equal(sessionId, Assert.Single(listed.GetProperty("sessions").EnumerateArray()).GetProperty("sessionId").GetString());

        var enrolled = (await system.CliAsync("enrol", "--session-id", sessionId, "--learner-id", member.MemberId, "--output", "json")).Json();
        Assert.Equal("ENROLMENT_STATE_ENROLLED", enrolled.GetProperty("enrolment").GetProperty("state").GetString());

        var register = (await system.CliAsync("record-session-attendance", "--session-id", sessionId, "--day", "1", "--attended", member.MemberId, "--output", "json")).Json();
        var record = Assert.Single(register.GetProperty("records").EnumerateArray());
        Assert.Equal((member.MemberId, true), (record.GetProperty("learnerId").GetString(), record.GetProperty("attended").GetBoolean()));

        var table = await system.CliAsync("get-register", "--session-id", sessionId, "--output", "table");
        Assert.True(table.Code == 0, table.ToString());
        Assert.Contains(table.Stdout.Split('\n'), l => l.StartsWith("1  ", StringComparison.Ordinal) && l.Contains(member.MemberId, StringComparison.Ordinal) && l.Contains("yes", StringComparison.Ordinal));
    }
}
