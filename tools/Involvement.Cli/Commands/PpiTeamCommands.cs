using Involvement.BuildingBlocks.Security;
using Involvement.Cli.Errors;
using Involvement.Cli.Output;
using Involvement.Recruitment.V1;

namespace Involvement.Cli.Commands;

/// <summary>What the PPI team does day to day in recruitment: the pool, opportunities, matching and participation.</summary>
public static class PpiTeamCommands
{
    public static readonly IReadOnlyList<Command> All =
    [
        new("register-member", Audience.PpiTeam,
            "--given-name <n> --family-name <n> [--preferred-name <n>] [--type service-user|carer|family-member|public] [--level information|...|patient-director] "
            + "[--email <e>] [--phone <p>] [--channels email,phone,post] [--care-group <g>] [--locality <l>] [--interests a,b] [--consent true|false] [--idempotency-key <k>]",
            "add a person to the pool (an applicant until set-member-status --status active)", RegisterAsync),
        new("get-member", Audience.PpiTeam, "--member-id <id>", "one member, with status and level history", GetMemberAsync),
        new("list-members", Audience.PpiTeam,
            "[--status applicant|active|paused|left] [--type <type>] [--level <level>] [--care-group <g>] [--locality <l>] [--interest <i>]",
            "the pool, filtered; every page", ListMembersAsync),
        new("set-member-status", Audience.PpiTeam, "--member-id <id> --version <n> --status active|paused|left [--reason <why>]",
            "activate, pause or end a member's involvement (reason required to pause or leave)", SetStatusAsync),
        new("list-opportunities", Audience.PpiTeam, "[--status draft|published|closed|cancelled] [--flagged]",
            "opportunities, or only those breaking the presence rule; every page", ListOpportunitiesAsync),
        new("get-opportunity", Audience.PpiTeam, "--opportunity-id <id>", "one opportunity with its sessions (their ids are for record-attendance)", GetOpportunityAsync),
        new("match", Audience.PpiTeam, "--opportunity-id <id> [--limit 10]", "who to invite and why: ranked, explained, who is excluded and outreach", MatchAsync),
        new("invite", Audience.PpiTeam, "--opportunity-id <id> --member-ids <id,id> [--outreach-ids <id,id>] [--idempotency-key <k>]",
            "invite members to a published opportunity (outreach-ids: those the match added through outreach)", InviteAsync),
        new("record-interest", Audience.PpiTeam, "--opportunity-id <id> --member-id <id> [--idempotency-key <k>]",
            "record that a member said yes to an invitation (or asked to take part)", InterestAsync),
        new("select", Audience.PpiTeam, "--opportunity-id <id> --member-id <id> --version <n> --reason <why> [--reserve]",
            "give an interested member a seat (or a reserve place), with the reason", c => DecideAsync(c, c.Args.Has("reserve") ? Decision.Reserve : Decision.Selected)),
        new("decline", Audience.PpiTeam, "--opportunity-id <id> --member-id <id> --version <n> --reason <why>",
            "not this time, with the reason the member is given", c => DecideAsync(c, Decision.NotSelected)),
        new("list-participants", Audience.PpiTeam, "--opportunity-id <id> | --member-id <id> [--state invited|interested|selected|reserve|not-selected|withdrawn]",
            "everyone on an opportunity, or everything a member takes part in; every page", ListParticipantsAsync),
        new("record-attendance", Audience.PpiTeam, "--opportunity-id <id> --session-id <id> --member-id <id> (--hours <h> | --absent) [--idempotency-key <k>]",
            "whether a seat holder attended a session and for how long (quarter hours); this is what payments pays", AttendanceAsync),
    ];

    private static MemberService.MemberServiceClient Members(CommandContext c) => new(c.Recruitment(Roles.PpiTeam));

    private static ParticipationService.ParticipationServiceClient Participation(CommandContext c) => new(c.Recruitment(Roles.PpiTeam));

    private static OpportunityService.OpportunityServiceClient Opportunities(CommandContext c) => new(c.Recruitment(Roles.PpiTeam));

    private static async Task<int> RegisterAsync(CommandContext c)
    {
        var a = c.Args;
        var email = a.Get("email", "");
        var phone = a.Get("phone", "");
        var channels = a.Get("channels") is null
            ? new[] { (email, ContactChannel.Email), (phone, ContactChannel.Phone) }.Where(x => x.Item1.Length > 0).Select(x => x.Item2).ToList()
            : a.List("channels").Select(ch => Arguments.ParseEnum<ContactChannel>("channels", ch)).ToList();
        var consent = a.Get("consent", "true") switch
        {
            "true" or "yes" => true,
            "false" or "no" => false,
            _ => throw new UsageException("--consent must be true or false."),
        };
        var reply = await Members(c).RegisterMemberAsync(new RegisterMemberRequest
        {
            IdempotencyKey = c.IdempotencyKey,
            GivenName = a.Require("given-name"),
            FamilyName = a.Require("family-name"),
            PreferredName = a.Get("preferred-name", ""),
            LivedExperienceType = a.Enum<LivedExperienceType>("type") ?? LivedExperienceType.ServiceUser,
            InvolvementLevel = a.Enum<InvolvementLevel>("level") ?? InvolvementLevel.Unspecified,
            ConsentToHoldData = consent,
            Details = new MemberDetails
            {
                Contact = new ContactDetails { Email = email, Phone = phone },
                Communication = new CommunicationPreferences { InvitationChannels = { channels } },
                CareGroup = a.Get("care-group", ""),
                Locality = a.Get("locality", ""),
                Interests = { a.List("interests") },
            },
        }, cancellationToken: c.Ct);
        c.Output.Write(reply, r => MemberTable(r.Member));
        return ExitCodes.Ok;
    }

    private static async Task<int> GetMemberAsync(CommandContext c)
    {
        var reply = await Members(c).GetMemberAsync(new GetMemberRequest { MemberId = c.Args.Require("member-id") }, cancellationToken: c.Ct);
        c.Output.Write(reply, r => MemberTable(r.Member));
        return ExitCodes.Ok;
    }

    private static Table MemberTable(Member m) => Table.Fields(
        ("member id", m.MemberId), ("name", $"{m.GivenName} {m.FamilyName}"), ("display name", m.DisplayName), ("type", m.LivedExperienceType),
        ("level", m.InvolvementLevel), ("status", m.Status), ("care group", m.Details?.CareGroup), ("locality", m.Details?.Locality),
        ("interests", string.Join(", ", m.Details?.Interests ?? [])), ("invitation channels", string.Join(", ", m.Details?.Communication?.InvitationChannels.Select(ch => Table.Text(ch)) ?? [])),
        ("registered", m.RegisteredAt), ("version", m.Version));

    private static async Task<int> ListMembersAsync(CommandContext c)
    {
        var a = c.Args;
        var request = new ListMembersRequest
        {
            Status = a.Enum<MemberStatus>("status") ?? MemberStatus.Unspecified,
            LivedExperienceType = a.Enum<LivedExperienceType>("type") ?? LivedExperienceType.Unspecified,
            InvolvementLevel = a.Enum<InvolvementLevel>("level") ?? InvolvementLevel.Unspecified,
            CareGroup = a.Get("care-group", ""), Locality = a.Get("locality", ""), Interest = a.Get("interest", ""), PageSize = 200,
        };
        var members = await c.AllPagesAsync("members", async token =>
        {
            request.PageToken = token;
            var page = await Members(c).ListMembersAsync(request, cancellationToken: c.Ct);
            return (page.Members, page.NextPageToken);
        });
        c.Output.Write(new ListMembersResponse { Members = { members } }, r => Table.From(r.Members,
            ["member id", "display name", "type", "level", "status", "care group", "locality", "version"],
            m => [m.MemberId, m.DisplayName, m.LivedExperienceType, (int)m.InvolvementLevel, m.Status, m.Details?.CareGroup, m.Details?.Locality, m.Version]));
        return ExitCodes.Ok;
    }

    private static async Task<int> SetStatusAsync(CommandContext c)
    {
        var reply = await Members(c).ChangeMemberStatusAsync(new ChangeMemberStatusRequest
        {
            MemberId = c.Args.Require("member-id"), ExpectedVersion = c.Args.RequireLong("version"),
            Status = c.Args.RequireEnum<MemberStatus>("status"), Reason = c.Args.Get("reason", ""),
        }, cancellationToken: c.Ct);
        c.Output.Write(reply, r => MemberTable(r.Member));
        return ExitCodes.Ok;
    }

    private static async Task<int> ListOpportunitiesAsync(CommandContext c)
    {
        var request = new ListOpportunitiesRequest
        {
            Status = c.Args.Enum<OpportunityStatus>("status") ?? OpportunityStatus.Unspecified, FlaggedOnly = c.Args.Has("flagged"), PageSize = 200,
        };
        var opportunities = await c.AllPagesAsync("opportunities", async token =>
        {
            request.PageToken = token;
            var page = await Opportunities(c).ListOpportunitiesAsync(request, cancellationToken: c.Ct);
            return (page.Opportunities, page.NextPageToken);
        });
        c.Output.Write(new ListOpportunitiesResponse { Opportunities = { opportunities } }, r => Table.From(r.Opportunities,
            ["opportunity id", "title", "status", "seats", "filled", "sessions", "presence"],
            o => [o.OpportunityId, o.Content.Title, o.Status, o.Content.Seats, o.SeatsFilled, o.Sessions.Count, o.Presence?.MeetsRule == false ? "flagged" : "ok"]));
        return ExitCodes.Ok;
    }

    private static async Task<int> GetOpportunityAsync(CommandContext c)
    {
        var reply = await Opportunities(c).GetOpportunityAsync(new GetOpportunityRequest { OpportunityId = c.Args.Require("opportunity-id") }, cancellationToken: c.Ct);
        c.Output.Write(reply, r =>
        {
            var o = r.Opportunity;
            var table = new Table("field", "value")
                .Row("opportunity id", o.OpportunityId).Row("title", o.Content.Title).Row("status", o.Status)
                .Row("seats", $"{o.SeatsFilled} of {o.Content.Seats} filled, {o.ReservesHeld} of {o.Content.ReserveSeats} reserves")
                .Row("payment", o.Content.PaymentOffer?.Description).Row("owner", o.Owner).Row("version", o.Version);
            foreach (var s in o.Sessions)
            {
                table.Row("session " + s.SessionId, $"{Table.Text(s.StartsAt)} to {Table.Text(s.EndsAt)}, {(s.Online ? "online" : s.Place)}");
            }

            return table;
        });
        return ExitCodes.Ok;
    }

    private static async Task<int> MatchAsync(CommandContext c)
    {
        var reply = await new MatchingService.MatchingServiceClient(c.Recruitment(Roles.PpiTeam)).MatchMembersAsync(new MatchMembersRequest
        {
            OpportunityId = c.Args.Require("opportunity-id"), Limit = c.Args.WholeNumber("limit", 10),
        }, cancellationToken: c.Ct);
        c.Output.Write(reply, MatchTable.Of);
        return ExitCodes.Ok;
    }

    private static async Task<int> InviteAsync(CommandContext c)
    {
        var invited = c.Args.List("member-ids").Select(id => new Invitee { MemberId = id })
            .Concat(c.Args.List("outreach-ids").Select(id => new Invitee { MemberId = id, ThroughOutreach = true })).ToList();
        if (invited.Count == 0)
        {
            throw new UsageException("--member-ids (or --outreach-ids) is required.");
        }

        var reply = await Participation(c).InviteMembersAsync(new InviteMembersRequest
        {
            IdempotencyKey = c.IdempotencyKey, OpportunityId = c.Args.Require("opportunity-id"), Invitees = { invited },
        }, cancellationToken: c.Ct);
        c.Output.Write(reply, r => ParticipantTable(r.Participants));
        return ExitCodes.Ok;
    }

    private static async Task<int> InterestAsync(CommandContext c)
    {
        var reply = await Participation(c).ExpressInterestAsync(new ExpressInterestRequest
        {
            IdempotencyKey = c.IdempotencyKey, OpportunityId = c.Args.Require("opportunity-id"), MemberId = c.Args.Require("member-id"),
        }, cancellationToken: c.Ct);
        c.Output.Write(reply, r => ParticipantTable([r.Participant]));
        return ExitCodes.Ok;
    }

    private static async Task<int> DecideAsync(CommandContext c, Decision decision)
    {
        var reply = await Participation(c).DecideParticipantAsync(new DecideParticipantRequest
        {
            OpportunityId = c.Args.Require("opportunity-id"), MemberId = c.Args.Require("member-id"), ExpectedVersion = c.Args.RequireLong("version"),
            Decision = decision, Reason = c.Args.Require("reason"),
        }, cancellationToken: c.Ct);
        c.Output.Write(reply, r => ParticipantTable([r.Participant]));
        return ExitCodes.Ok;
    }

    private static async Task<int> ListParticipantsAsync(CommandContext c)
    {
        var request = new ListParticipantsRequest
        {
            OpportunityId = c.Args.Get("opportunity-id", ""), MemberId = c.Args.Get("member-id", ""),
            State = c.Args.Enum<ParticipantState>("state") ?? ParticipantState.Unspecified, PageSize = 200,
        };
        if (request.OpportunityId.Length == 0 == (request.MemberId.Length == 0))
        {
            throw new UsageException("give one of --opportunity-id or --member-id.");
        }

        var participants = await c.AllPagesAsync("participants", async token =>
        {
            request.PageToken = token;
            var page = await Participation(c).ListParticipantsAsync(request, cancellationToken: c.Ct);
            return (page.Participants, page.NextPageToken);
        });
        c.Output.Write(new ListParticipantsResponse { Participants = { participants } }, r => ParticipantTable(r.Participants));
        return ExitCodes.Ok;
    }

    private static async Task<int> AttendanceAsync(CommandContext c)
    {
        var absent = c.Args.Has("absent");
        if (absent == (c.Args.Get("hours") is not null))
        {
            throw new UsageException("give --hours <h> when the member attended, or --absent.");
        }

        var reply = await Participation(c).RecordAttendanceAsync(new RecordAttendanceRequest
        {
            IdempotencyKey = c.IdempotencyKey, OpportunityId = c.Args.Require("opportunity-id"), SessionId = c.Args.Require("session-id"),
            MemberId = c.Args.Require("member-id"), Attended = !absent, Hours = absent ? 0 : c.Args.RequireDouble("hours"),
        }, cancellationToken: c.Ct);
        c.Output.Write(reply, r => ParticipantTable([r.Participant]));
        return ExitCodes.Ok;
    }

    private static Table ParticipantTable(IEnumerable<Participant> participants) => Table.From(participants,
        ["member id", "display name", "state", "reason", "sessions attended", "hours", "version"],
        p => [p.MemberId, p.DisplayName, p.State, p.DecisionReason, p.Attendance.Count(x => x.Attended), p.Attendance.Sum(x => x.Hours), p.Version]);
}
