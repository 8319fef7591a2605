using Grpc.Core;
using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Errors;
using Involvement.BuildingBlocks.Security;
using Involvement.BuildingBlocks.Time;
using Involvement.Payments.Fees;
using Involvement.Payments.V1;
using Microsoft.AspNetCore.Authorization;

namespace Involvement.Payments.Payees;

/// <summary>Payees: preference, benefits information, bank details (set in clear, read masked) and key rotation.</summary>
public sealed partial class PayeeApi(
    Db db, PayeeStore payees, BankDetailsStore bankDetails, BankDetailsCipher cipher, FeeLineStore fees, TimeProvider clock, ILogger<PayeeApi> logger)
    : PayeeService.PayeeServiceBase
{
    public const int DefaultRotationBatch = 500;
    public const int MaxRotationBatch = 5000;

    [Authorize(Roles = $"{Roles.Finance},{Roles.PpiTeam},{Roles.Member}")]
    public override async Task<GetPayeeResponse> GetPayee(GetPayeeRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var memberId = v.Id("member_id", request.MemberId);
        v.ThrowIfInvalid();
        context.EnsureMayActOnMember(memberId, Roles.Finance, Roles.PpiTeam);
        return new GetPayeeResponse { Payee = await payees.GetAsync(memberId, context.CancellationToken) };
    }

    [Authorize(Roles = $"{Roles.Finance},{Roles.PpiTeam},{Roles.Member}")]
    public override async Task<SetPaymentPreferenceResponse> SetPaymentPreference(SetPaymentPreferenceRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var memberId = v.Id("member_id", request.MemberId);
        var expected = v.ExpectedVersion("expected_version", request.ExpectedVersion);
        var preference = v.Enum("preference", request.Preference, required: true);
        v.ThrowIfInvalid();
        context.EnsureMayActOnMember(memberId, Roles.Finance, Roles.PpiTeam);
        return new SetPaymentPreferenceResponse
        {
            Payee = await db.InTransactionAsync(async unit =>
            {
                var payee = await payees.SetPreferenceAsync(unit, memberId, expected, preference, context.Caller());
                await fees.ReevaluateMemberAsync(unit, memberId);   // unclaimed fees become declined, or payable again
                return payee;
            }, context.CancellationToken),
        };
    }

    [Authorize(Roles = $"{Roles.Finance},{Roles.PpiTeam}")]
    public override async Task<RecordBenefitsInformationOfferedResponse> RecordBenefitsInformationOffered(
        RecordBenefitsInformationOfferedRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var memberId = v.Id("member_id", request.MemberId);
        var expected = v.ExpectedVersion("expected_version", request.ExpectedVersion);
        var offeredOn = ProtoDates.Required(v, "offered_on", request.OfferedOn);
        v.Must(offeredOn <= clock.Today(), "offered_on", "cannot be in the future.");
        v.ThrowIfInvalid();
        return new RecordBenefitsInformationOfferedResponse
        {
            Payee = await db.InTransactionAsync(
                unit => payees.RecordBenefitsInformationOfferedAsync(unit, memberId, expected, offeredOn, context.Caller()), context.CancellationToken),
        };
    }

    // The PPI team is admitted here only so its bad input is reported field by field; it may not set details.
    [Authorize(Roles = $"{Roles.Finance},{Roles.Member},{Roles.PpiTeam}")]
    public override async Task<SetBankDetailsResponse> SetBankDetails(SetBankDetailsRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var memberId = v.Id("member_id", request.MemberId);
        var expected = v.ExpectedVersion("expected_version", request.ExpectedVersion);
        var details = ValidBankDetails.From(request, v);
        v.ThrowIfInvalid();
        if (!context.IsInAnyRole(Roles.Finance, Roles.Member))
        {
            throw new PermissionDeniedException("Only the member themselves and finance may set bank details.");
        }

        context.EnsureMayActOnMember(memberId, Roles.Finance);
        return new SetBankDetailsResponse
        {
            Payee = await db.InTransactionAsync(
                unit => bankDetails.SetAsync(unit, memberId, expected, details, context.Caller()), context.CancellationToken),
        };
    }

    [Authorize(Roles = Roles.Finance)]
    public override async Task<RotateBankDetailsKeyResponse> RotateBankDetailsKey(RotateBankDetailsKeyRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var batchSize = v.CountOrDefault("batch_size", request.BatchSize, MaxRotationBatch, DefaultRotationBatch);
        v.ThrowIfInvalid();
        long moved = 0;
        var failed = new List<Guid>();
        Guid? after = Guid.Empty;
        while (after is { } from)
        {
            // One transaction per batch: a stop part-way keeps what was done, and the next call carries on.
            var batch = await db.InTransactionAsync(unit => bankDetails.RotateBatchAsync(unit, batchSize, from), context.CancellationToken);
            moved += batch.Reencrypted;
            failed.AddRange(batch.Failed);
            after = batch.Last;
        }

        var unreadable = await bankDetails.UnreadableAsync(context.CancellationToken);
        var unreadableRows = unreadable.Sum(u => u.Rows);
        LogRotated(logger, moved, cipher.CurrentKeyId, unreadableRows, failed.Count);
        return new RotateBankDetailsKeyResponse
        {
            CurrentKeyId = cipher.CurrentKeyId,
            RowsReencrypted = moved,
            Unreadable = { unreadable.Select(u => new KeyRows { KeyId = u.KeyId, Rows = u.Rows }) },
            FailedMemberIds = { failed.Select(id => id.ToString()) },
        };
    }

    [LoggerMessage(EventId = 2100, EventName = "BankDetailsKeyRotated", Level = LogLevel.Information,
        Message = "Re-encrypted {Rows} payees' bank details under key {KeyId}; {Unreadable} rows are under keys not configured; {Failed} rows fail authentication")]
    private static partial void LogRotated(ILogger logger, long rows, string keyId, long unreadable, int failed);
}
