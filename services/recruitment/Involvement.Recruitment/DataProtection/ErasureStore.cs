using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Errors;
using Involvement.Contracts.Recruitment;
using Involvement.Recruitment.V1;

namespace Involvement.Recruitment.DataProtection;

/// <summary>
/// Erases a member's personal data in one transaction, with the events that tell other services to do the same.
/// What stays identifies no one: the id, type, level, dates, statuses and attendance, so counts and payments add up.
/// </summary>
public sealed class ErasureStore(TimeProvider clock)
{
    public async Task EraseAsync(UnitOfWork unit, Guid memberId, long expectedVersion, ErasureBasis basis, string actor)
    {
        var current = await unit.QuerySingleOrDefaultAsync<(string Status, long Version, DateTime? ErasedAt)?>(
            "select status, version, erased_at from members where member_id = @memberId for update", new { memberId })
            ?? throw new NotFoundException($"No member has id {memberId}.");
        Versions.EnsureCurrent("Member", memberId, current.Version, expectedVersion);
        if (current.ErasedAt is not null)
        {
            throw new ConflictException("The member's personal data has already been erased.");
        }

        var now = clock.GetUtcNowForDatabase();
        var version = current.Version + 1;
        // Events about the member go into the outbox before the erasure mark: after it, the outbox refuses them.
        if (current.Status != "left")
        {
            await unit.PublishAsync(new MemberStatusChanged(Guid.CreateVersion7(now), now, version, memberId, "left", current.Status));
        }

        await unit.ExecuteAsync(
            """
            update members set given_name = 'Erased', family_name = 'member', preferred_name = null, display_name = @erasedName, email = null,
                phone = null, postal_address = null, postcode = null, invitation_channels = '{}', formats = '{}', interpreter_language = null,
                reasonable_adjustments = '{}', services_used = '[]', interests = '{}', care_group = null, locality = null,
                status = 'left', erased_at = @now, updated_at = @now, version = @version
            where member_id = @memberId;
            update member_status_history set reason = null where member_id = @memberId;
            update member_level_history set reason = null where member_id = @memberId;
            delete from equality_monitoring where member_id = @memberId;
            update scheme_memberships set end_reason = null, review_outcome = null where member_id = @memberId;
            update participants set decision_reason = null, withdrawal_reason = null where member_id = @memberId;
            update training_completions set evidence = null where member_id = @memberId;
            update attendance set correction_reason = null where member_id = @memberId;
            update questionnaires set comments = null where member_id = @memberId;
            insert into member_status_history (member_id, status, reason, changed_at, changed_by) values (@memberId, 'left', 'personal data erased', @now, @actor);
            -- Events not yet sent still go out (subscribers need the fact for their counts), without the name or where
            -- the member lives; sent ones would otherwise keep them until they expire.
            update outbox_messages set payload = payload
                || case when payload ? 'displayName' then jsonb_build_object('displayName', @erasedName) else '{}' end
                || case when payload ? 'careGroup' then '{"careGroup": null, "locality": null}'::jsonb else '{}' end
            where sent_at is null and payload->>'memberId' = @id;
            delete from outbox_messages where sent_at is not null and payload->>'memberId' = @id;
            """,
            new { memberId, id = memberId.ToString(), erasedName = MemberErased.ErasedName, now = now.UtcDateTime, version, actor });
        await IdempotentRequests.ForgetResponsesMentioningAsync(unit, memberId.ToString());
        await unit.PublishAsync(new MemberErased(Guid.CreateVersion7(now), now, version, memberId,
            basis == ErasureBasis.ConsentWithdrawn ? "consent_withdrawn" : "erasure_requested"));
    }
}
