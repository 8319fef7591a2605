using Dapper;
using Google.Protobuf.WellKnownTypes;
using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Errors;
using Involvement.Contracts.Recruitment;
using Involvement.Recruitment.V1;
using Npgsql;

namespace Involvement.Recruitment.Members;

/// <summary>Members in the recruitment database. Every change bumps the version and writes its event in the same transaction.</summary>
public sealed class MemberStore(Db db, TimeProvider clock)
{
    private const string RegisteredReason = "registered";
    private const string LevelAtRegistrationReason = "level at registration";

    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    public async Task<Member> RegisterAsync(UnitOfWork unit, NewMember member, string actor)
    {
        var now = clock.GetUtcNowForDatabase();
        var id = Guid.CreateVersion7(now);
        var d = member.Details;
        // One round trip writes the member, both histories and the event, and reads the row back; the histories are known.
        var registeredEvent = unit.Outbox(new MemberRegistered(
            Guid.CreateVersion7(now), now, 1, id, member.DisplayName, Codes.Of(member.LivedExperienceType), (int)member.InvolvementLevel, now,
            d.CareGroup, d.Locality));
        var args = new DynamicParameters(new
        {
            id, member.GivenName, member.FamilyName, member.PreferredName, member.DisplayName,
            type = Codes.Of(member.LivedExperienceType), level = (int)member.InvolvementLevel, status = Codes.Of(MemberStatus.Applicant),
            d.Email, d.Phone, d.PostalAddress, d.Postcode, channels = d.InvitationChannels.ToArray(), formats = d.Formats.ToArray(),
            d.InterpreterLanguage, adjustments = d.ReasonableAdjustments.ToArray(), services = MemberRow.SerializeServices(d.ServicesUsed),
            interests = d.Interests.ToArray(), d.CareGroup, d.Locality, now = now.UtcDateTime, actor,
            statusReason = RegisteredReason, levelReason = LevelAtRegistrationReason,
        });
        args.AddDynamicParams(registeredEvent.Args);
        var row = await unit.QuerySingleOrDefaultAsync<MemberRow>(
            $"""
            with registered as (
                insert into members (member_id, given_name, family_name, preferred_name, display_name, lived_experience_type, involvement_level,
                    status, email, phone, postal_address, postcode, invitation_channels, formats, interpreter_language, reasonable_adjustments,
                    services_used, interests, care_group, locality, consent_to_hold_data_at, registered_at, updated_at, version)
                values (@id, @GivenName, @FamilyName, @PreferredName, @DisplayName, @type, @level, @status, @Email, @Phone, @PostalAddress,
                    @Postcode, @channels, @formats, @InterpreterLanguage, @adjustments, @services::jsonb, @interests, @CareGroup, @Locality,
                    @now, @now, @now, 1)
                returning *),
            status_history as (
                insert into member_status_history (member_id, status, reason, changed_at, changed_by)
                select member_id, status, @statusReason, @now, @actor from registered),
            level_history as (
                insert into member_level_history (member_id, level, reason, changed_at, changed_by)
                select member_id, involvement_level, @levelReason, @now, @actor from registered),
            registered_event as ({registeredEvent.Sql})
            select {MemberRow.Columns} from registered
            """,
            args);
        var registered = row!.ToMessage();
        var at = Timestamp.FromDateTimeOffset(now);
        registered.StatusHistory.Add(new StatusChange { Status = MemberStatus.Applicant, Reason = RegisteredReason, ChangedAt = at, ChangedBy = actor });
        registered.LevelHistory.Add(new LevelChange { Level = member.InvolvementLevel, Reason = LevelAtRegistrationReason, ChangedAt = at, ChangedBy = actor });
        return registered;
    }

    public async Task<Member> GetAsync(Guid memberId, CancellationToken cancellationToken)
    {
        await using var connection = await db.DataSource.OpenConnectionAsync(cancellationToken);
        return await ReadAsync(connection, null, memberId, withHistory: true) ?? throw NotFound(memberId);
    }

    public async Task<Page<Member>> ListAsync(MemberFilter filter, CancellationToken cancellationToken)
    {
        var rows = await db.QueryAsync<MemberRow>(
            $"""
            select {MemberRow.Columns} from members
            where (@After::uuid is null or member_id > @After)
              and (@Status::text is null or status = @Status)
              and (@LivedExperienceType::text is null or lived_experience_type = @LivedExperienceType)
              and (@InvolvementLevel::int is null or involvement_level = @InvolvementLevel)
              and (@CareGroup::text is null or lower(care_group) = lower(@CareGroup))
              and (@Locality::text is null or lower(locality) = lower(@Locality))
              and (@Interest::text is null or exists (select 1 from unnest(interests) i where lower(i) = lower(@Interest)))
            order by member_id
            limit @Limit
            """,
            new { filter.After, filter.Status, filter.LivedExperienceType, filter.InvolvementLevel, filter.CareGroup, filter.Locality, filter.Interest, Limit = filter.PageSize + 1 },
            cancellationToken);
        return Page.Of(rows, filter.PageSize, MemberFilter.TokenList, r => r.MemberId).Select(r => r.ToMessage());
    }

    public async Task<Member> UpdateDetailsAsync(UnitOfWork unit, Guid memberId, long expectedVersion, string? preferredName, Details d)
    {
        var current = await LockAsync(unit, memberId, expectedVersion);
        var now = clock.GetUtcNowForDatabase();
        var displayName = DisplayNames.Of(current.GivenName, current.FamilyName, preferredName);
        await unit.ExecuteAsync(
            """
            update members set preferred_name = @preferredName, display_name = @displayName, email = @Email, phone = @Phone,
                postal_address = @PostalAddress, postcode = @Postcode, invitation_channels = @channels, formats = @formats,
                interpreter_language = @InterpreterLanguage, reasonable_adjustments = @adjustments, services_used = @services::jsonb,
                interests = @interests, care_group = @CareGroup, locality = @Locality, updated_at = @now, version = version + 1
            where member_id = @memberId
            """,
            new
            {
                memberId, preferredName, displayName, d.Email, d.Phone, d.PostalAddress, d.Postcode, channels = d.InvitationChannels.ToArray(),
                formats = d.Formats.ToArray(), d.InterpreterLanguage, adjustments = d.ReasonableAdjustments.ToArray(),
                services = MemberRow.SerializeServices(d.ServicesUsed), interests = d.Interests.ToArray(), d.CareGroup, d.Locality, now = now.UtcDateTime,
            });
        await unit.PublishAsync(new MemberUpdated(Guid.CreateVersion7(now), now, current.Version + 1, memberId, displayName, d.CareGroup, d.Locality));
        return (await ReadAsync(unit.Connection, unit.Transaction, memberId, withHistory: true))!;
    }

    public async Task<Member> ChangeStatusAsync(
        UnitOfWork unit, Guid memberId, long expectedVersion, MemberStatus to, string? reason, string actor, bool actingOnOwnRecord)
    {
        var current = await LockAsync(unit, memberId, expectedVersion);
        var from = current.MemberStatus;
        if (!StatusRules.CanMove(from, to))
        {
            throw new ConflictException($"A member who is {Codes.Of(from)} cannot become {Codes.Of(to)}.");
        }

        if (actingOnOwnRecord && !StatusRules.MemberMayChooseThemselves(from, to))
        {
            throw new PermissionDeniedException(
                "Members may pause, resume or leave themselves; becoming active is approved by the PPI team.");
        }

        var now = clock.GetUtcNowForDatabase();
        await unit.ExecuteAsync("update members set status = @status, updated_at = @now, version = version + 1 where member_id = @memberId",
            new { memberId, status = Codes.Of(to), now = now.UtcDateTime });
        await AddStatusHistoryAsync(unit, memberId, to, reason, now, actor);
        await unit.PublishAsync(new MemberStatusChanged(Guid.CreateVersion7(now), now, current.Version + 1, memberId, Codes.Of(to), Codes.Of(from)));
        return (await ReadAsync(unit.Connection, unit.Transaction, memberId, withHistory: true))!;
    }

    public async Task<Member> ChangeLevelAsync(UnitOfWork unit, Guid memberId, long expectedVersion, InvolvementLevel level, string reason, string actor)
    {
        var current = await LockAsync(unit, memberId, expectedVersion);
        if (current.InvolvementLevel == (int)level)
        {
            throw new ConflictException($"The member is already at level {(int)level}.");
        }

        var now = clock.GetUtcNowForDatabase();
        await unit.ExecuteAsync("update members set involvement_level = @level, updated_at = @now, version = version + 1 where member_id = @memberId",
            new { memberId, level = (int)level, now = now.UtcDateTime });
        await AddLevelHistoryAsync(unit, memberId, (int)level, reason, now, actor);
        await unit.PublishAsync(new MemberLevelChanged(Guid.CreateVersion7(now), now, current.Version + 1, memberId, (int)level, current.InvolvementLevel));
        return (await ReadAsync(unit.Connection, unit.Transaction, memberId, withHistory: true))!;
    }

    public async Task<Member> AgreeCodeOfConductAsync(UnitOfWork unit, Guid memberId, long expectedVersion, string codeVersion, DateOnly agreedOn)
    {
        var current = await LockAsync(unit, memberId, expectedVersion);
        var now = clock.GetUtcNowForDatabase();
        await unit.ExecuteAsync(
            """
            update members set code_of_conduct_version = @codeVersion, code_of_conduct_agreed_on = @agreedOn, updated_at = @now, version = version + 1
            where member_id = @memberId
            """,
            new { memberId, codeVersion, agreedOn, now = now.UtcDateTime });
        await unit.PublishAsync(new MemberUpdated(Guid.CreateVersion7(now), now, current.Version + 1, memberId, current.DisplayName, current.CareGroup, current.Locality));
        return (await ReadAsync(unit.Connection, unit.Transaction, memberId, withHistory: true))!;
    }

    /// <summary>Locks the member's row for this transaction and checks the caller's version is current.</summary>
    private static async Task<MemberRow> LockAsync(UnitOfWork unit, Guid memberId, long expectedVersion)
    {
        var row = await unit.QuerySingleOrDefaultAsync<MemberRow>(
            $"select {MemberRow.Columns} from members where member_id = @memberId for update", new { memberId })
            ?? throw NotFound(memberId);
        if (row.ErasedAt is not null)
        {
            throw MemberGuard.Erased(memberId);
        }

        Versions.EnsureCurrent("Member", memberId, row.Version, expectedVersion);
        return row;
    }

    private static Task<int> AddStatusHistoryAsync(UnitOfWork unit, Guid memberId, MemberStatus status, string? reason, DateTimeOffset at, string actor) =>
        unit.ExecuteAsync("insert into member_status_history (member_id, status, reason, changed_at, changed_by) values (@memberId, @status, @reason, @at, @actor)",
            new { memberId, status = Codes.Of(status), reason, at = at.UtcDateTime, actor });

    private static Task<int> AddLevelHistoryAsync(UnitOfWork unit, Guid memberId, int level, string? reason, DateTimeOffset at, string actor) =>
        unit.ExecuteAsync("insert into member_level_history (member_id, level, reason, changed_at, changed_by) values (@memberId, @level, @reason, @at, @actor)",
            new { memberId, level, reason, at = at.UtcDateTime, actor });

    private static async Task<Member?> ReadAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid memberId, bool withHistory)
    {
        var row = await connection.QuerySingleOrDefaultAsync<MemberRow>(
            $"select {MemberRow.Columns} from members where member_id = @memberId", new { memberId }, transaction);
        if (row is null)
        {
            return null;
        }

        var member = row.ToMessage();
        if (withHistory)
        {
            var statuses = await connection.QueryAsync<HistoryRow>(
                "select status as value, reason, changed_at, changed_by from member_status_history where member_id = @memberId order by changed_at",
                new { memberId }, transaction);
            member.StatusHistory.AddRange(statuses.Select(h => new StatusChange
            {
                Status = Codes.MemberStatusOf(h.Value), Reason = h.Reason ?? "", ChangedAt = Timestamp.FromDateTime(h.ChangedAt), ChangedBy = h.ChangedBy,
            }));
            var levels = await connection.QueryAsync<HistoryRow>(
                "select level::text as value, reason, changed_at, changed_by from member_level_history where member_id = @memberId order by changed_at",
                new { memberId }, transaction);
            member.LevelHistory.AddRange(levels.Select(h => new LevelChange
            {
                Level = (V1.InvolvementLevel)int.Parse(h.Value, System.Globalization.CultureInfo.InvariantCulture),
                Reason = h.Reason ?? "", ChangedAt = Timestamp.FromDateTime(h.ChangedAt), ChangedBy = h.ChangedBy,
            }));
        }

        return member;
    }

    private static NotFoundException NotFound(Guid memberId) => new($"No member has id {memberId}.");
}
