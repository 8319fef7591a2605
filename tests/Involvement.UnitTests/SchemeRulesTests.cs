using Involvement.Recruitment.Schemes;

namespace Involvement.UnitTests;

public sealed class SchemeRulesTests
{
    private static readonly DateOnly Today = new(2026, 11, 22);

    [Fact]
    public void Patient_partner_review_falls_due_at_three_years_and_a_satisfactory_one_by_then_opens_three_more()
    {
        var started = new DateOnly(2024, 2, 29);
        var unreviewed = new PatientPartnerTenure(started);
        var extended = new PatientPartnerTenure(started, SatisfactoryReviewOn: new DateOnly(2027, 1, 10));
        var tooLate = new PatientPartnerTenure(started, SatisfactoryReviewOn: new DateOnly(2027, 3, 1));

        Assert.Equal(new DateOnly(2027, 2, 28), unreviewed.ReviewDueOn);
        Assert.Equal(new DateOnly(2027, 2, 27), unreviewed.EndsBy);   // UHL 6.8: without a satisfactory review, three years
        Assert.Equal(new DateOnly(2030, 2, 27), extended.EndsBy);
        Assert.Equal(unreviewed.EndsBy, tooLate.EndsBy);
        Assert.True(unreviewed.HasEndedBy(new DateOnly(2027, 2, 28)));
        Assert.False(extended.HasEndedBy(new DateOnly(2027, 2, 28)));
        Assert.True(unreviewed.AllowsEndingOn(new DateOnly(2030, 2, 27)));
        Assert.False(unreviewed.AllowsEndingOn(new DateOnly(2030, 2, 28)));
        Assert.False(unreviewed.AllowsEndingOn(new DateOnly(2024, 2, 28)));
    }

    private static ImproverFacts Eligible() => new([Today.AddMonths(-3)], Today.AddDays(-10), true, true, true);

    [Fact]
    public void A_person_meeting_all_five_criteria_may_join()
    {
        var results = HospitalImproverCriteria.Check(Eligible(), Today);

        Assert.Equal(5, results.Count);
        Assert.All(results, r => Assert.True(r.Met, r.Reason));
    }

    [Fact]
    public void Each_failed_criterion_is_reported_with_its_reason()
    {
        var facts = new ImproverFacts([], null, true, false, false);

        var failed = HospitalImproverCriteria.Check(facts, Today).Where(r => !r.Met).ToList();

        Assert.Equal(["recent_service_use", "code_of_conduct", "consent_to_invitations", "equality_monitoring"], failed.Select(r => r.Criterion));
        Assert.Equal("No use of a trust service is recorded.", failed[0].Reason);
        Assert.Contains("prefer not to say", failed[3].Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2025, 5, 22, true)]    // exactly 18 months ago
    [InlineData(2025, 5, 21, false)]   // a day more
    public void Recent_service_use_means_within_eighteen_months(int year, int month, int day, bool met)
    {
        var facts = Eligible() with { ServicesLastUsed = [new DateOnly(2020, 1, 1), new DateOnly(year, month, day)] };

        var recent = HospitalImproverCriteria.Check(facts, Today)[0];

        Assert.Equal(met, recent.Met);
        Assert.Contains($"{year:D4}-{month:D2}-{day:D2}", recent.Reason, StringComparison.Ordinal);
    }
}
