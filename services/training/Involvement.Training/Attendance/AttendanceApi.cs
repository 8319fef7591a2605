using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Errors;
using Involvement.BuildingBlocks.Security;
using Involvement.BuildingBlocks.Time;
using Involvement.Training.V1;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Logging;

namespace Involvement.Training.Attendance;

/// <summary>Registers and sessions held: trainers and the PPI team.</summary>
[Authorize(Roles = $"{Roles.Trainer},{Roles.PpiTeam}")]
public sealed class AttendanceApi(Db db, AttendanceStore attendance, ILogger<AttendanceApi> logger) : AttendanceService.AttendanceServiceBase
{
    public override async Task<RecordAttendanceResponse> RecordAttendance(RecordAttendanceRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var register = ValidAttendance.From(request, v);
        v.ThrowIfInvalid();
        var records = await db.InTransactionAsync(unit => attendance.RecordAsync(unit, register, context.Caller()), context.CancellationToken);
        AttendanceLog.Recorded(logger, register.SessionId, register.DayNumber, register.Entries.Count);
        return new RecordAttendanceResponse { Records = { records } };
    }

    public override async Task<GetRegisterResponse> GetRegister(GetRegisterRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var sessionId = v.Id("session_id", request.SessionId);
        v.ThrowIfInvalid();
        return new GetRegisterResponse { Records = { await attendance.RegisterAsync(sessionId, context.CancellationToken) } };
    }

    public override async Task<MarkSessionHeldResponse> MarkSessionHeld(MarkSessionHeldRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var sessionId = v.Id("session_id", request.SessionId);
        var expected = v.ExpectedVersion("expected_version", request.ExpectedVersion);
        v.ThrowIfInvalid();
        var held = await db.InTransactionAsync(unit => attendance.MarkHeldAsync(unit, sessionId, expected, context.Caller()), context.CancellationToken);
        AttendanceLog.Held(logger, sessionId, held.MembersAttended, held.StaffAttended, held.AttendancesPaid);
        return new MarkSessionHeldResponse
        {
            SessionId = held.SessionId.ToString(),
            Version = held.Version,
            HeldAt = Timestamp.FromDateTimeOffset(held.HeldAt),
            HeldOn = ProtoDates.ToProto(held.HeldOn),
            CoFacilitated = held.CoFacilitated,
            MembersAttended = held.MembersAttended,
            StaffAttended = held.StaffAttended,
            AttendancesPaid = held.AttendancesPaid,
        };
    }
}
