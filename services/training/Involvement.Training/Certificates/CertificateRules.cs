namespace Involvement.Training.Certificates;

/// <summary>The certificate a learner already holds for a module: the one a new completion renews or replaces.</summary>
/// <param name="ExpiresOn">The first day it is no longer valid; null when it never expires.</param>
public sealed record CurrentCertificate(Guid CertificateId, DateOnly CompletedOn, DateOnly? ExpiresOn);

/// <summary>
/// When certificates expire and how a renewal extends one. Every date is a UK calendar date, and <c>expires_on</c>
/// is the first day a certificate is no longer valid (recruitment's convention for completions).
/// </summary>
public static class CertificateRules
{
    /// <summary>
    /// The expiry of a completion on <paramref name="completedOn"/> of a module valid for <paramref name="validityMonths"/>
    /// (null: never expires). A month on from a day the next month lacks is that month's last day (31 Jan + 1 month =
    /// 28 or 29 Feb). A renewal completed within the module's renewal window before the current certificate expires
    /// runs on from that expiry, so no day is lost and none is without cover; one completed after it expired runs from
    /// its completion; one completed earlier than the window never ends before the current certificate would have.
    /// </summary>
    public static DateOnly? ExpiresOn(DateOnly completedOn, int? validityMonths, int renewalWindowDays, CurrentCertificate? current)
    {
        if (validityMonths is not { } months)
        {
            return null;
        }

        var fromCompletion = completedOn.AddMonths(months);
        if (current?.ExpiresOn is not { } currentExpiry || currentExpiry <= completedOn)
        {
            return fromCompletion;
        }

        if (InRenewalWindow(completedOn, currentExpiry, renewalWindowDays))
        {
            return currentExpiry.AddMonths(months);
        }

        return fromCompletion > currentExpiry ? fromCompletion : currentExpiry;
    }

    /// <summary>Whether a completion on <paramref name="completedOn"/> renews a certificate expiring on <paramref name="expiresOn"/> without a gap.</summary>
    public static bool InRenewalWindow(DateOnly completedOn, DateOnly expiresOn, int renewalWindowDays) =>
        completedOn < expiresOn && completedOn >= expiresOn.AddDays(-renewalWindowDays);

    /// <summary>
    /// Whether a new completion replaces the current certificate: the later completion wins (a completion recorded by
    /// hand may arrive after a later one), as recruitment keeps its own record of completions.
    /// </summary>
    public static bool Supersedes(DateOnly completedOn, CurrentCertificate? current) => current is null || completedOn >= current.CompletedOn;

    /// <summary>Whether a certificate still counts on <paramref name="date"/>.</summary>
    public static bool IsValidOn(DateOnly? expiresOn, bool superseded, DateOnly date) => !superseded && (expiresOn is null || expiresOn > date);

    /// <summary>The first day TrainingRenewalDue may be published for a certificate expiring on <paramref name="expiresOn"/>.</summary>
    public static DateOnly RenewalDueFrom(DateOnly expiresOn, int renewalDueDays) => expiresOn.AddDays(-renewalDueDays);
}
