using System.Globalization;
using System.Text.RegularExpressions;
using Google.Protobuf.WellKnownTypes;
using Involvement.BuildingBlocks.Security;
using Involvement.Cli.Errors;
using Involvement.Cli.Output;
using Involvement.Training.V1;

namespace Involvement.Cli.Commands;

/// <summary>What trainers do in training: schedule sessions, enrol learners, keep the register, mark a session held.</summary>
public static partial class TrainerCommands
{
    public static readonly IReadOnlyList<Command> All =
    [
        new("create-session", Audience.Trainer,
            "--module <code> --starts <when> --ends <when> [--starts .. --ends .. per further day] --capacity <n> [--venue <place>] [--online] "
            + "[--facilitator <learner-id>:experience|training ...] [--idempotency-key <k>]",
            "schedule a session of a module; times are UK local (2026-05-01T10:00) unless they carry an offset", CreateSessionAsync),
        new("list-sessions", Audience.Trainer, "[--module <code>] [--from yyyy-mm-dd] [--to yyyy-mm-dd] [--state scheduled|held|cancelled] [--not-co-facilitated]",
            "sessions by module, UK dates and state; every page", ListSessionsAsync),
        new("get-session", Audience.Trainer, "--session-id <id>", "one session, its days and facilitators", GetSessionAsync),
        new("enrol", Audience.Trainer, "--session-id <id> --learner-id <id> [--idempotency-key <k>]",
            "give a learner a place (or a waiting-list place when full); a member's learner id is their member id", EnrolAsync),
        new("list-enrolments", Audience.Trainer, "--session-id <id> | --learner-id <id>", "who is enrolled or waiting; every page", ListEnrolmentsAsync),
        new("record-session-attendance", Audience.Trainer, "--session-id <id> [--day 1] [--attended <id,id>] [--absent <id,id>]",
            "the register for one day of a session (enrolled learners, once the day has started)", RecordAttendanceAsync),
        new("get-register", Audience.Trainer, "--session-id <id>", "every day's register of a session", GetRegisterAsync),
        new("mark-session-held", Audience.Trainer, "--session-id <id> --version <n>",
            "the session is over: completions, certificates and (for paid sessions) attendance for payments", MarkHeldAsync),
        new("get-learner", Audience.Trainer, "--learner-id <id>", "a learner's record (a member's learner id is their member id)", GetLearnerAsync),
    ];

    private static SessionService.SessionServiceClient Sessions(CommandContext c) => new(c.Training(Roles.Trainer));

    private static AttendanceService.AttendanceServiceClient Attendance(CommandContext c) => new(c.Training(Roles.Trainer));

    private static EnrolmentService.EnrolmentServiceClient Enrolments(CommandContext c) => new(c.Training(Roles.Trainer));

    private static async Task<int> CreateSessionAsync(CommandContext c)
    {
        var starts = c.Args.GetAll("starts");
        var ends = c.Args.GetAll("ends");
        if (starts.Count == 0 || starts.Count != ends.Count)
        {
            throw new UsageException("give --starts and --ends for each day the session meets.");
        }

        var details = new SessionDetails
        {
            Days = { starts.Zip(ends, (s, e) => new SessionDay { StartsAt = Instant("starts", s), EndsAt = Instant("ends", e) }) },
            Venue = c.Args.Get("venue", ""), Online = c.Args.Has("online"), Capacity = c.Args.RequireInt("capacity"),
            Facilitators = { c.Args.GetAll("facilitator").Select(Facilitator) },
        };
        var reply = await Sessions(c).ScheduleSessionAsync(new ScheduleSessionRequest
        {
            IdempotencyKey = c.IdempotencyKey, ModuleCode = c.Args.Require("module"), Details = details,
        }, cancellationToken: c.Ct);
        c.Output.Write(reply, r => SessionTable(r.Session));
        return ExitCodes.Ok;
    }

    private static async Task<int> ListSessionsAsync(CommandContext c)
    {
        var request = new ListSessionsRequest
        {
            ModuleCode = c.Args.Get("module", ""), From = c.Args.Date("from"), To = c.Args.Date("to"),
            State = c.Args.Enum<SessionState>("state") ?? SessionState.Unspecified, NotCoFacilitated = c.Args.Has("not-co-facilitated"), PageSize = 200,
        };
        var sessions = await c.AllPagesAsync("sessions", async token =>
        {
            request.PageToken = token;
            var page = await Sessions(c).ListSessionsAsync(request, cancellationToken: c.Ct);
            return (page.Sessions, page.NextPageToken);
        });
        c.Output.Write(new ListSessionsResponse { Sessions = { sessions } }, r => Table.From(r.Sessions,
            ["session id", "module", "first day", "days", "venue", "enrolled", "capacity", "state", "co-facilitated", "version"],
            s => [s.SessionId, s.ModuleCode, s.Days.FirstOrDefault()?.UkDate, s.Days.Count, s.Online ? "online" : s.Venue, s.EnrolledCount, s.Capacity, s.State, s.CoFacilitated, s.Version]));
        return ExitCodes.Ok;
    }

    private static async Task<int> GetSessionAsync(CommandContext c)
    {
        c.Output.Write(await Sessions(c).GetSessionAsync(new GetSessionRequest { SessionId = c.Args.Require("session-id") }, cancellationToken: c.Ct), r => SessionTable(r.Session));
        return ExitCodes.Ok;
    }

    private static Table SessionTable(Session s)
    {
        var table = Table.Fields(
            ("session id", s.SessionId), ("module", s.ModuleCode), ("state", s.State), ("venue", s.Online ? $"online {s.Venue}".Trim() : s.Venue),
            ("places", $"{s.EnrolledCount} of {s.Capacity} taken, {s.WaitingCount} waiting"), ("co-facilitated", s.CoFacilitated), ("version", s.Version));
        foreach (var d in s.Days)
        {
            table.Row($"day {d.DayNumber}", $"{Table.Text(d.UkDate)} {d.UkStarts.Hours:D2}:{d.UkStarts.Minutes:D2}-{d.UkEnds.Hours:D2}:{d.UkEnds.Minutes:D2} UK");
        }

        foreach (var f in s.Facilitators)
        {
            table.Row("facilitator", $"{f.LearnerId} ({Table.Text(f.Expertise)})");
        }

        return table;
    }

    private static async Task<int> EnrolAsync(CommandContext c)
    {
        c.Output.Write(await Enrolments(c).EnrolAsync(new EnrolRequest
        {
            IdempotencyKey = c.IdempotencyKey, SessionId = c.Args.Require("session-id"), LearnerId = c.Args.Require("learner-id"),
        }, cancellationToken: c.Ct), r => EnrolmentTable([r.Enrolment]));
        return ExitCodes.Ok;
    }

    private static async Task<int> ListEnrolmentsAsync(CommandContext c)
    {
        var request = new ListEnrolmentsRequest { SessionId = c.Args.Get("session-id", ""), LearnerId = c.Args.Get("learner-id", ""), PageSize = 200 };
        if (request.SessionId.Length == 0 && request.LearnerId.Length == 0)
        {
            throw new UsageException("give --session-id or --learner-id.");
        }

        var enrolments = await c.AllPagesAsync("enrolments", async token =>
        {
            request.PageToken = token;
            var page = await Enrolments(c).ListEnrolmentsAsync(request, cancellationToken: c.Ct);
            return (page.Enrolments, page.NextPageToken);
        });
        c.Output.Write(new ListEnrolmentsResponse { Enrolments = { enrolments } }, r => EnrolmentTable(r.Enrolments));
        return ExitCodes.Ok;
    }

    private static Table EnrolmentTable(IEnumerable<Enrolment> enrolments) => Table.From(enrolments,
        ["enrolment id", "session id", "learner id", "state", "waiting position", "version"],
        e => [e.EnrolmentId, e.SessionId, e.LearnerId, e.State, e.WaitingPosition == 0 ? "" : e.WaitingPosition, e.Version]);

    private static async Task<int> RecordAttendanceAsync(CommandContext c)
    {
        var entries = c.Args.List("attended").Select(id => new AttendanceEntry { LearnerId = id, Attended = true })
            .Concat(c.Args.List("absent").Select(id => new AttendanceEntry { LearnerId = id, Attended = false })).ToList();
        if (entries.Count == 0)
        {
            throw new UsageException("give --attended and/or --absent with learner ids.");
        }

        c.Output.Write(await Attendance(c).RecordAttendanceAsync(new RecordAttendanceRequest
        {
            SessionId = c.Args.Require("session-id"), DayNumber = c.Args.WholeNumber("day", 1), Entries = { entries },
        }, cancellationToken: c.Ct), r => RegisterTable(r.Records));
        return ExitCodes.Ok;
    }

    private static async Task<int> GetRegisterAsync(CommandContext c)
    {
        c.Output.Write(await Attendance(c).GetRegisterAsync(new GetRegisterRequest { SessionId = c.Args.Require("session-id") }, cancellationToken: c.Ct),
            r => RegisterTable(r.Records));
        return ExitCodes.Ok;
    }

    private static Table RegisterTable(IEnumerable<AttendanceRecord> records) => Table.From(records,
        ["day", "learner id", "attended", "recorded", "by"], r => [r.DayNumber, r.LearnerId, r.Attended, r.RecordedAt, r.RecordedBy]);

    private static async Task<int> MarkHeldAsync(CommandContext c)
    {
        c.Output.Write(await Attendance(c).MarkSessionHeldAsync(new MarkSessionHeldRequest
        {
            SessionId = c.Args.Require("session-id"), ExpectedVersion = c.Args.RequireLong("version"),
        }, cancellationToken: c.Ct));
        return ExitCodes.Ok;
    }

    private static async Task<int> GetLearnerAsync(CommandContext c)
    {
        c.Output.Write(await new LearnerService.LearnerServiceClient(c.Training(Roles.Trainer))
            .GetLearnerAsync(new GetLearnerRequest { LearnerId = c.Args.Require("learner-id") }, cancellationToken: c.Ct));
        return ExitCodes.Ok;
    }

    private static Facilitator Facilitator(string text)
    {
        var parts = text.Split(':', 2);
        return parts.Length == 2 && parts[1] is "experience" or "training"
            ? new Facilitator { LearnerId = parts[0], Expertise = parts[1] == "experience" ? Expertise.ExpertByExperience : Expertise.ExpertByTraining }
            : throw new UsageException("--facilitator must be <learner-id>:experience or <learner-id>:training.");
    }

    /// <summary>An instant as typed: with an offset (Z, +01:00) as given, else a UK wall-clock time.</summary>
    private static Timestamp Instant(string option, string text)
    {
        if (HasOffset().IsMatch(text))
        {
            return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var exact)
                ? Timestamp.FromDateTimeOffset(exact)
                : throw new UsageException($"--{option} must be a time such as 2026-05-01T10:00 (UK) or 2026-05-01T09:00Z.");
        }

        if (!DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            throw new UsageException($"--{option} must be a time such as 2026-05-01T10:00 (UK) or 2026-05-01T09:00Z.");
        }

        var uk = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
        return Timestamp.FromDateTimeOffset(new DateTimeOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), uk.GetUtcOffset(local)));
    }

    [GeneratedRegex(@"(Z|[+-]\d{2}:?\d{2})$", RegexOptions.IgnoreCase)]
    private static partial Regex HasOffset();
}
