using Involvement.BuildingBlocks.Time;
using Involvement.Training.Certificates;

namespace Involvement.UnitTests.Training;

public sealed class CertificateRulesTests
{
    private static DateOnly D(string iso) => DateOnly.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);

    private static CurrentCertificate Holding(string completedOn, string? expiresOn) =>
        new(Guid.NewGuid(), D(completedOn), expiresOn is null ? null : D(expiresOn));

    [Theory]
    [InlineData("2026-03-15", 12, "2027-03-15")]
    [InlineData("2026-01-31", 1, "2026-02-28")]   // February has no 31st: its last day
    [InlineData("2028-01-31", 1, "2028-02-29")]   // ... which in a leap year is the 29th
    [InlineData("2026-03-31", 1, "2026-04-30")]
    [InlineData("2028-02-29", 12, "2029-02-28")]  // a leap day a year on
    [InlineData("2028-02-29", 48, "2032-02-29")]  // four years on is a leap day again
    [InlineData("2026-12-31", 2, "2027-02-28")]   // across a year end
    public void A_first_completion_expires_its_validity_after_it_was_completed(string completedOn, int months, string expiresOn)
    {
        Assert.Equal(D(expiresOn), CertificateRules.ExpiresOn(D(completedOn), months, 30, current: null));
    }

    [Fact]
    public void A_module_without_validity_never_expires_even_when_renewing()
    {
        Assert.Null(CertificateRules.ExpiresOn(D("2026-05-01"), null, 30, null));
        Assert.Null(CertificateRules.ExpiresOn(D("2026-05-01"), null, 30, Holding("2025-06-01", "2026-06-01")));
    }

    [Theory]
    [InlineData("2026-06-01")]   // the last day of cover
    [InlineData("2026-05-03")]   // the first day of the 30-day window
    public void A_renewal_within_the_window_runs_on_from_the_current_expiry_without_a_gap(string completedOn)
    {
        var current = Holding("2025-06-02", "2026-06-02");

        Assert.True(CertificateRules.InRenewalWindow(D(completedOn), D("2026-06-02"), 30));
        Assert.Equal(D("2027-06-02"), CertificateRules.ExpiresOn(D(completedOn), 12, 30, current));
    }

    [Fact]
    public void The_day_before_the_window_is_not_a_renewal()
    {
        Assert.False(CertificateRules.InRenewalWindow(D("2026-05-02"), D("2026-06-02"), 30));
        Assert.Equal(D("2027-05-02"), CertificateRules.ExpiresOn(D("2026-05-02"), 12, 30, Holding("2025-06-02", "2026-06-02")));
    }

    [Fact]
    public void A_renewal_window_that_ends_on_a_month_end_keeps_the_month_end_rule()
    {
        // current expires 31 Jan 2028; a month on is 29 Feb 2028 (a leap year)
        Assert.Equal(D("2028-02-29"), CertificateRules.ExpiresOn(D("2028-01-20"), 1, 14, Holding("2027-12-31", "2028-01-31")));
    }

    [Fact]
    public void A_completion_on_or_after_expiry_runs_from_the_completion()
    {
        var current = Holding("2025-06-02", "2026-06-02");

        Assert.Equal(D("2027-06-02"), CertificateRules.ExpiresOn(D("2026-06-02"), 12, 30, current));   // expired that very day
        Assert.Equal(D("2027-09-10"), CertificateRules.ExpiresOn(D("2026-09-10"), 12, 30, current));
        Assert.False(CertificateRules.InRenewalWindow(D("2026-06-02"), D("2026-06-02"), 30));
    }

    [Fact]
    public void A_completion_before_the_window_runs_from_the_completion_but_never_shortens_the_cover()
    {
        // before the window: 12 months from completion ends after the current expiry
        Assert.Equal(D("2027-04-01"), CertificateRules.ExpiresOn(D("2026-04-01"), 12, 30, Holding("2025-06-02", "2026-06-02")));

        // a shorter validity now than when it was first certified: keep the longer cover already held
        Assert.Equal(D("2026-06-02"), CertificateRules.ExpiresOn(D("2026-01-10"), 3, 30, Holding("2024-06-02", "2026-06-02")));
    }

    [Fact]
    public void With_no_renewal_window_only_a_completion_after_expiry_or_before_it_counts()
    {
        Assert.False(CertificateRules.InRenewalWindow(D("2026-06-01"), D("2026-06-02"), 0));
        Assert.Equal(D("2027-06-01"), CertificateRules.ExpiresOn(D("2026-06-01"), 12, 0, Holding("2025-06-02", "2026-06-02")));
    }

    [Fact]
    public void A_current_certificate_that_never_expired_is_renewed_from_the_completion()
    {
        // the module gained a validity since: nothing to run on from
        Assert.Equal(D("2027-03-01"), CertificateRules.ExpiresOn(D("2026-03-01"), 12, 30, Holding("2020-01-01", null)));
    }

    [Fact]
    public void The_later_completion_supersedes_and_an_older_one_arriving_late_does_not()
    {
        var current = Holding("2026-03-01", "2027-03-01");

        Assert.True(CertificateRules.Supersedes(D("2026-03-01"), current));   // the same day again: a correction
        Assert.True(CertificateRules.Supersedes(D("2026-04-01"), current));
        Assert.False(CertificateRules.Supersedes(D("2026-02-28"), current));
        Assert.True(CertificateRules.Supersedes(D("2020-01-01"), null));
    }

    [Fact]
    public void A_certificate_is_valid_until_the_day_before_it_expires()
    {
        Assert.True(CertificateRules.IsValidOn(D("2026-06-02"), superseded: false, D("2026-06-01")));
        Assert.False(CertificateRules.IsValidOn(D("2026-06-02"), superseded: false, D("2026-06-02")));
        Assert.True(CertificateRules.IsValidOn(null, superseded: false, D("2099-01-01")));
        Assert.False(CertificateRules.IsValidOn(null, superseded: true, D("2026-01-01")));
    }

    [Fact]
    public void Renewal_falls_due_the_configured_days_before_expiry()
    {
        Assert.Equal(D("2026-05-03"), CertificateRules.RenewalDueFrom(D("2026-06-02"), 30));
        Assert.Equal(D("2028-02-01"), CertificateRules.RenewalDueFrom(D("2028-03-02"), 30));   // through a leap February
    }

    [Fact]
    public void The_completion_date_of_a_late_evening_session_in_summer_is_its_UK_date()
    {
        // 23:30 UTC on 30 June is 00:30 on 1 July in London (BST): the certificate is dated 1 July
        var lastDayStarts = new DateTimeOffset(2026, 6, 30, 23, 30, 0, TimeSpan.Zero);
        var completedOn = UkTime.DateOf(lastDayStarts);

        Assert.Equal(D("2026-07-01"), completedOn);
        Assert.Equal(D("2027-07-01"), CertificateRules.ExpiresOn(completedOn, 12, 30, null));
    }
}
