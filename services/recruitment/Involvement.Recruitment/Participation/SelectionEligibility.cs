using Involvement.BuildingBlocks.Time;
using Involvement.Recruitment.Matching;
using Involvement.Recruitment.V1;
using Microsoft.Extensions.Options;

namespace Involvement.Recruitment.Participation;

/// <summary>
/// Whether a member may take a seat or reserve place: the same eligibility matching ranks by (active, contactable,
/// level, prerequisites, monthly cap), read from the match pool so the two can never disagree.
/// </summary>
public sealed class SelectionEligibility(MatchPool pool, IOptions<RecruitmentOptions> options, TimeProvider clock)
{
    /// <summary>Why the member cannot be selected; empty when they can. Call with the member's row locked.</summary>
    public async Task<IReadOnlyList<Exclusion>> ExclusionsAsync(Opportunity opportunity, Guid memberId, CancellationToken cancellationToken)
    {
        var profile = (await pool.CurrentAsync(cancellationToken)).Find(memberId);
        if (profile is null)
        {
            return [new Exclusion { Code = Matcher.NotActive, Explanation = "The member has left the involvement pool." }];
        }

        var reasons = new List<Exclusion>();
        Matcher.Exclusions(profile, MatchCriteria.For(opportunity), options.Value.Matching, clock.Today(), reasons);
        return reasons;
    }
}
