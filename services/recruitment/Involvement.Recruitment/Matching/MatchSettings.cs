namespace Involvement.Recruitment.Matching;

/// <param name="MonthlySessionCap">Sessions a member may hold a seat for in one calendar month (UHL: six).</param>
/// <param name="OutreachShare">Outreach places added beyond the ranked ones, as a share of the ranked places (at least one).</param>
public sealed record MatchSettings(int MonthlySessionCap, double OutreachShare);
