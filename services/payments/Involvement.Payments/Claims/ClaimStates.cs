namespace Involvement.Payments.Claims;

/// <summary>The groups of claim states the other sub-domains ask about, kept here so they agree.</summary>
public static class ClaimStates
{
    /// <summary>Approved and after: the money is committed, so a fee line in such a claim is no longer re-priced in place.</summary>
    public static readonly IReadOnlyList<string> Settled = ["approved", "in_run", "paid"];

    /// <summary>Submitted and not rejected: what the member has put forward (counted for thresholds and the mileage boundary).</summary>
    public static readonly IReadOnlyList<string> WentForward = ["submitted", "queried", "approved", "in_run", "paid"];

    public static bool IsSettled(string? state) => state is not null && Settled.Contains(state);

    /// <summary>A state list for SQL text, e.g. "('approved', 'in_run', 'paid')" (codes are fixed identifiers, never input).</summary>
    public static string Sql(IEnumerable<string> states) => "(" + string.Join(", ", states.Select(s => $"'{s}'")) + ")";
}
