using System.Diagnostics.Metrics;
using Involvement.BuildingBlocks.Hosting;

namespace Involvement.Recruitment;

/// <summary>
/// Recruitment's domain counters, on the service's meter. A change is counted when it is made; a retry answered
/// from the idempotency store is not counted again.
/// </summary>
public sealed class RecruitmentMetrics(ServiceTelemetry telemetry)
{
    public Counter<long> MembersRegistered { get; } =
        telemetry.Meter.CreateCounter<long>("involvement.recruitment.members_registered", "{member}", "Members registered.");

    public Counter<long> MembersErased { get; } =
        telemetry.Meter.CreateCounter<long>("involvement.recruitment.members_erased", "{member}", "Members whose personal data was erased.");

    public Counter<long> OpportunitiesPublished { get; } =
        telemetry.Meter.CreateCounter<long>("involvement.recruitment.opportunities_published", "{opportunity}", "Opportunities published.");

    public Counter<long> MatchesRun { get; } =
        telemetry.Meter.CreateCounter<long>("involvement.recruitment.matches_run", "{match}", "Matches run.");

    public Histogram<double> MatchDuration { get; } =
        telemetry.Meter.CreateHistogram<double>("involvement.recruitment.match_duration", "ms", "Time to rank the pool for one match.");

    public Counter<long> AttendanceRecorded { get; } =
        telemetry.Meter.CreateCounter<long>("involvement.recruitment.attendance_recorded", "{session}", "Attendance records (members at sessions).");
}
