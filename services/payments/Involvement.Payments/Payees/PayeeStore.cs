using Google.Protobuf.WellKnownTypes;
using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Errors;
using Involvement.BuildingBlocks.Time;
using Involvement.Contracts.Payments;
using Involvement.Payments.V1;

namespace Involvement.Payments.Payees;

/// <summary>
/// Payees: one for every member payments knows of. A member without a <c>payees</c> row is a payee at version 1 with
/// the default preference; the first change writes the row, so a payee exists exactly when its member is known.
/// </summary>
public sealed class PayeeStore(Db db, TimeProvider clock)
{
    /// <summary>The preference of a member whose payee was never changed.</summary>
    public const string DefaultPreference = "bank_transfer";

    private const string Select =
        """
        select k.member_id, k.display_name, k.member_version,
            coalesce(p.preference, 'bank_transfer') as preference, p.benefits_information_offered_on, p.erased_at,
            coalesce(p.version, 1) as version, p.updated_at, p.updated_by,
            b.sort_code_mask, b.account_number_mask, b.updated_at as bank_updated_at, b.updated_by as bank_updated_by
        from known_members k
        left join payees p on p.member_id = k.member_id
        left join bank_details b on b.member_id = k.member_id
        """;

    public async Task<Payee> GetAsync(Guid memberId, CancellationToken cancellationToken) =>
        (await db.QuerySingleOrDefaultAsync<PayeeRow>($"{Select} where k.member_id = @memberId", new { memberId }, cancellationToken))?.ToMessage()
        ?? throw NotFound(memberId);

    public async Task<Payee> ReadAsync(UnitOfWork unit, Guid memberId) =>
        (await unit.QuerySingleOrDefaultAsync<PayeeRow>($"{Select} where k.member_id = @memberId", new { memberId }))?.ToMessage()
        ?? throw NotFound(memberId);

    /// <summary>
    /// How a member wants to be paid, as its stored code (<c>bank_transfer</c>, <c>vouchers</c>, <c>expenses_only</c>,
    /// <c>declined</c>), for fees and claims to decide by; the default for a member whose payee never changed or whom
    /// payments has not heard of.
    /// </summary>
    public static async Task<string> PreferenceAsync(UnitOfWork unit, Guid memberId) =>
        await unit.QuerySingleOrDefaultAsync<string>("select preference from payees where member_id = @memberId", new { memberId }) ?? DefaultPreference;

    public async Task<Payee> SetPreferenceAsync(UnitOfWork unit, Guid memberId, long expectedVersion, PaymentPreference preference, string actor)
    {
        await BeginChangeAsync(unit, memberId, expectedVersion, actor);
        await unit.ExecuteAsync("update payees set preference = @preference where member_id = @memberId",
            new { memberId, preference = CodeNames.Of(preference) });
        var payee = await ReadAsync(unit, memberId);
        // Reporting counts members who declined payment: the code only, never bank details.
        var now = clock.GetUtcNowForDatabase();
        await unit.PublishAsync(new PaymentPreferenceChanged(Guid.CreateVersion7(now), now, payee.Version, memberId, CodeNames.Of(preference)));
        return payee;
    }

    public async Task<Payee> RecordBenefitsInformationOfferedAsync(UnitOfWork unit, Guid memberId, long expectedVersion, DateOnly offeredOn, string actor)
    {
        await BeginChangeAsync(unit, memberId, expectedVersion, actor);
        await unit.ExecuteAsync("update payees set benefits_information_offered_on = @offeredOn where member_id = @memberId", new { memberId, offeredOn });
        return await ReadAsync(unit, memberId);
    }

    /// <summary>
    /// Locks the payee for a change by <paramref name="actor"/> and moves it to the next version: a stale version is
    /// refused, and so is any change once the member has been erased.
    /// </summary>
    public async Task BeginChangeAsync(UnitOfWork unit, Guid memberId, long expectedVersion, string actor)
    {
        var current = await LockAsync(unit, memberId) ?? throw NotFound(memberId);
        Versions.EnsureCurrent("Payee", memberId, current.Version, expectedVersion);
        if (current.ErasedAt is not null)
        {
            throw new ConflictException("The member's personal data was erased; their payee record no longer changes.",
                [new PreconditionViolation("PAYEE_ERASED", memberId.ToString(), "The member was erased.")]);
        }

        await unit.ExecuteAsync("update payees set version = version + 1, updated_at = @now, updated_by = @actor where member_id = @memberId",
            new { memberId, now = clock.GetUtcNowForDatabase().UtcDateTime, actor });
    }

    /// <summary>
    /// The payee row, written first if the member is known but was never changed here (at version 1, with the
    /// default preference), and locked. Null when payments has not heard of the member.
    /// </summary>
    public static async Task<(long Version, DateTime? ErasedAt)?> LockAsync(UnitOfWork unit, Guid memberId)
    {
        await unit.ExecuteAsync(
            """
            insert into payees (member_id, preference, version, updated_at, updated_by)
            select member_id, @preference, 1, updated_at, 'recruitment' from known_members where member_id = @memberId
            on conflict (member_id) do nothing
            """,
            new { memberId, preference = DefaultPreference });
        return await unit.QuerySingleOrDefaultAsync<(long Version, DateTime? ErasedAt)?>(
            "select version, erased_at from payees where member_id = @memberId for update", new { memberId });
    }

    private static NotFoundException NotFound(Guid memberId) =>
        new($"No member {memberId} is known here yet. Members appear once recruitment has registered them.");

    private sealed class PayeeRow
    {
        public Guid MemberId { get; init; }
        public string DisplayName { get; init; } = "";
        public long MemberVersion { get; init; }
        public string Preference { get; init; } = "";
        public DateOnly? BenefitsInformationOfferedOn { get; init; }
        public DateTime? ErasedAt { get; init; }
        public long Version { get; init; }
        public DateTime? UpdatedAt { get; init; }
        public string? UpdatedBy { get; init; }
        public string? SortCodeMask { get; init; }
        public string? AccountNumberMask { get; init; }
        public DateTime? BankUpdatedAt { get; init; }
        public string? BankUpdatedBy { get; init; }

        public Payee ToMessage() => new()
        {
            MemberId = MemberId.ToString(),
            DisplayName = DisplayName,
            MemberVersion = MemberVersion,
            Preference = CodeNames.Parse<PaymentPreference>(Preference),
            BenefitsInformationOfferedOn = ProtoDates.ToProto(BenefitsInformationOfferedOn),
            BankDetails = SortCodeMask is null ? null : new MaskedBankDetails
            {
                SortCode = SortCodeMask,
                AccountNumber = AccountNumberMask ?? "",
                UpdatedAt = BankUpdatedAt is { } at ? Timestamp.FromDateTime(DateTime.SpecifyKind(at, DateTimeKind.Utc)) : null,
                UpdatedBy = BankUpdatedBy ?? "",
            },
            Erased = ErasedAt is not null,
            Version = Version,
            UpdatedAt = UpdatedAt is { } u ? Timestamp.FromDateTime(DateTime.SpecifyKind(u, DateTimeKind.Utc)) : null,
            UpdatedBy = UpdatedBy ?? "",
        };
    }
}
