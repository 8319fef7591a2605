using System.Text.Json;
using Involvement.BuildingBlocks.Security;
using Involvement.TestKit;

namespace Involvement.EndToEndTests.Cli;

/// <summary>The PPI team's day through the CLI, against the running services: register, match, invite, select or decline, attendance.</summary>
[Collection(CliCollection.Name)]
public sealed class PpiTeamCliTests(SystemFixture system)
{
    [Fact]
    public async Task Register_match_invite_select_decline_and_record_attendance()
    {
        var careGroup = $"CLI carers {Guid.NewGuid():N}"[..24];
        var chosen = await ActiveMemberAsync("Okoro", careGroup);
        var other = await ActiveMemberAsync("Lind", careGroup);
        using var channel = system.Recruitment.OpenChannel();
        var opportunity = await RecruitmentSteps.PublishedOpportunityAsync(channel.CreateCallInvoker().As(Roles.PpiTeam), "cli-session", "CLI-CC", careGroup);

        var match = (await system.CliAsync("match", "--opportunity-id", opportunity.OpportunityId, "--output", "json")).Json();
        var ranked = match.GetProperty("candidates").EnumerateArray().Select(c => c.GetProperty("memberId").GetString()).ToList();
        Assert.Contains(chosen, ranked);
        Assert.Contains(other, ranked);

        var invited = (await system.CliAsync("invite", "--opportunity-id", opportunity.OpportunityId, "--member-ids", $"{chosen},{other}", "--output", "json")).Json();
        Assert.All(invited.GetProperty("participants").EnumerateArray(), p => Assert.Equal("PARTICIPANT_STATE_INVITED", p.GetProperty("state").GetString()));

        var selected = await DecideAsync("select", opportunity.OpportunityId, chosen, "Brings recent experience of carers' assessments.");
        Assert.Equal("PARTICIPANT_STATE_SELECTED", selected.GetProperty("state").GetString());
        var declined = await DecideAsync("decline", opportunity.OpportunityId, other, "Both seats went to people not involved this year.");
        Assert.Equal("PARTICIPANT_STATE_NOT_SELECTED", declined.GetProperty("state").GetString());

        var sessionId = (await system.CliAsync("get-opportunity", "--opportunity-id", opportunity.OpportunityId, "--output", "json")).Json()
            .GetProperty("opportunity").GetProperty("sessions")[0].GetProperty("sessionId").GetString()!;
        var attended = (await system.CliAsync("record-attendance", "--opportunity-id", opportunity.OpportunityId, "--session-id", sessionId,
            "--member-id", chosen, "--hours", "2.5", "--output", "json")).Json().GetProperty("participant");
        var record = Assert.Single(attended.GetProperty("attendance").EnumerateArray());
        Assert.Equal((true, 2.5), (record.GetProperty("attended").GetBoolean(), record.GetProperty("hours").GetDouble()));

        // The same list as a person reads it: a header, and each participant's cells under their column.
        var table = await system.CliAsync("list-participants", "--opportunity-id", opportunity.OpportunityId, "--output", "table");
        Assert.True(table.Code == 0, table.ToString());
        var lines = table.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("member id", lines[0], StringComparison.Ordinal);
        var row = Assert.Single(lines, l => l.StartsWith(chosen, StringComparison.Ordinal));
        Assert.Equal(lines[0].IndexOf("state", StringComparison.Ordinal), row.IndexOf("selected", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith(other, StringComparison.Ordinal) && l.Contains("not-selected", StringComparison.Ordinal));
        Assert.DoesNotContain("{", table.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_member_is_exit_3_and_a_refused_registration_exit_4_with_its_field_violations()
    {
        var missing = await system.CliAsync("get-member", "--member-id", Guid.NewGuid().ToString());
        Assert.True(missing.Code == 3, missing.ToString());
        Assert.Contains("not found", missing.Stderr, StringComparison.Ordinal);
        Assert.Empty(missing.Stdout);

        var familyName = $"Refused{Guid.NewGuid():N}";
        var refused = await system.CliAsync("register-member", "--given-name", "No", "--family-name", familyName, "--consent", "false", "--email", "not-an-email");
        Assert.True(refused.Code == 4, refused.ToString());
        Assert.Contains("  consent_to_hold_data: ", refused.Stderr, StringComparison.Ordinal);
        Assert.Contains("  details.contact.email: ", refused.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", refused.Stderr, StringComparison.Ordinal);   // no stack trace

        // Nothing was registered.
        var members = (await system.CliAsync("list-members", "--output", "json")).Json();
        Assert.DoesNotContain(members.TryGetProperty("members", out var list) ? list.EnumerateArray() : [],
            m => m.GetProperty("familyName").GetString() == familyName);
    }

    private async Task<string> ActiveMemberAsync(string familyName, string careGroup)
    {
        var registered = (await system.CliAsync("register-member", "--given-name", "Sam", "--family-name", familyName, "--type", "carer",
            "--level", "informed-decisions", "--email", "sam@example.org", "--care-group", careGroup, "--output", "json")).Json().GetProperty("member");
        Assert.Equal("MEMBER_STATUS_APPLICANT", registered.GetProperty("status").GetString());
        var id = registered.GetProperty("memberId").GetString()!;
        var active = (await system.CliAsync("set-member-status", "--member-id", id, "--version", Version(registered), "--status", "active", "--output", "json")).Json();
        Assert.Equal("MEMBER_STATUS_ACTIVE", active.GetProperty("member").GetProperty("status").GetString());
        return id;
    }

    /// <summary>The member says yes to the invitation (recorded by the PPI team), then the decision, each with the version just read.</summary>
    private async Task<JsonElement> DecideAsync(string decision, string opportunityId, string memberId, string reason)
    {
        var interested = (await system.CliAsync("record-interest", "--opportunity-id", opportunityId, "--member-id", memberId, "--output", "json")).Json().GetProperty("participant");
        return (await system.CliAsync(decision, "--opportunity-id", opportunityId, "--member-id", memberId, "--version", Version(interested),
            "--reason", reason, "--output", "json")).Json().GetProperty("participant");
    }

    /// <summary>Proto JSON writes int64 as a string.</summary>
    private static string Version(JsonElement message) => message.GetProperty("version").GetString()!;
}
