namespace Involvement.BuildingBlocks.Security;

/// <summary>The roles a bearer token can carry (claim <c>role</c>). RPCs list the roles they admit.</summary>
public static class Roles
{
    /// <summary>Patient and public involvement team: recruits, matches, approves.</summary>
    public const string PpiTeam = "ppi-team";

    /// <summary>A project team member who asks for involvement and runs opportunities.</summary>
    public const string ProjectLead = "project-lead";

    /// <summary>A member of the pool acting on their own record; the token's member-id claim (Auth__MemberIdClaim) names them.</summary>
    public const string Member = "member";

    /// <summary>A board-report author or dashboard: aggregates only, never personal data.</summary>
    public const string ReportingConsumer = "reporting-consumer";

    /// <summary>Finance and payroll.</summary>
    public const string Finance = "finance";

    /// <summary>Training coordinators and facilitators.</summary>
    public const string Trainer = "trainer";

    public static readonly IReadOnlyList<string> All = [PpiTeam, ProjectLead, Member, ReportingConsumer, Finance, Trainer];
}
