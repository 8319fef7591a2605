using Google.Protobuf.WellKnownTypes;
using Involvement.BuildingBlocks.Time;
using Involvement.Payments.Payees;
using Involvement.Payments.V1;

namespace Involvement.Payments.Runs;

/// <summary>A run as stored, with its counts.</summary>
public sealed class PaymentRunRow
{
    public Guid PaymentRunId { get; init; }
    public string Reference { get; init; } = "";
    public string Method { get; init; } = "";
    public DateTime CutOff { get; init; }
    public string State { get; init; } = "";
    public DateTime OpenedAt { get; init; }
    public string OpenedBy { get; init; } = "";
    public DateTime? ConfirmedAt { get; init; }
    public string? ConfirmedBy { get; init; }
    public DateOnly? PaidOn { get; init; }
    public long Version { get; init; }
    public int ClaimCount { get; init; }
    public long TotalPence { get; init; }
    public int ReturnedCount { get; init; }
    public int ExportCount { get; init; }

    public bool IsOpen => State == PaymentRunCodes.Open;

    /// <summary>The UK date the run was opened: the earliest date it can have been paid.</summary>
    public DateOnly OpenedOn => UkTime.DateOf(new DateTimeOffset(DateTime.SpecifyKind(OpenedAt, DateTimeKind.Utc)));

    public PaymentRun ToMessage() => new()
    {
        PaymentRunId = PaymentRunId.ToString(),
        Reference = Reference,
        Method = PaymentRunCodes.MethodOf(Method),
        CutOff = Utc(CutOff),
        State = PaymentRunCodes.StateOf(State),
        OpenedAt = Utc(OpenedAt),
        OpenedBy = OpenedBy,
        ConfirmedAt = ConfirmedAt is { } at ? Utc(at) : null,
        ConfirmedBy = ConfirmedBy ?? "",
        PaidOn = ProtoDates.ToProto(PaidOn),
        ClaimCount = ClaimCount,
        TotalPence = TotalPence,
        ReturnedCount = ReturnedCount,
        ExportCount = ExportCount,
        Version = Version,
    };

    internal static Timestamp Utc(DateTime value) => Timestamp.FromDateTime(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}

/// <summary>One export of a run.</summary>
public sealed record PaymentRunExportRow(DateTime ExportedAt, string ExportedBy)
{
    public PaymentRunExportRecord ToMessage() => new() { ExportedAt = PaymentRunRow.Utc(ExportedAt), ExportedBy = ExportedBy };
}

/// <summary>A claim in a run.</summary>
public sealed class PaymentRunClaimRow
{
    public Guid ClaimId { get; init; }
    public string ClaimReference { get; init; } = "";
    public Guid MemberId { get; init; }
    public long AmountPence { get; init; }
    public DateTime? ReturnedAt { get; init; }
    public string? ReturnedBy { get; init; }
    public string? ReturnedReason { get; init; }

    public PaymentRunClaim ToMessage() => new()
    {
        ClaimId = ClaimId.ToString(),
        ClaimReference = ClaimReference,
        MemberId = MemberId.ToString(),
        AmountPence = AmountPence,
        Returned = ReturnedAt is not null,
        ReturnedAt = ReturnedAt is { } at ? PaymentRunRow.Utc(at) : null,
        ReturnedBy = ReturnedBy ?? "",
        ReturnedReason = ReturnedReason ?? "",
    };
}

/// <summary>An approved claim left out of a bank transfer run: its payee has no bank details.</summary>
public sealed class LeftOutClaimRow
{
    public Guid ClaimId { get; init; }
    public string Reference { get; init; } = "";
    public Guid MemberId { get; init; }

    public ClaimLeftOut ToMessage() => new()
    {
        ClaimId = ClaimId.ToString(), ClaimReference = Reference, MemberId = MemberId.ToString(), Reason = "no_bank_details",
    };
}

/// <summary>One payee's claims in a run, as the export reads them (bank details still encrypted).</summary>
public sealed class PayeeExportRow
{
    public Guid MemberId { get; init; }
    public string[] ClaimReferences { get; init; } = [];
    public long AmountPence { get; init; }
    public string? KeyId { get; init; }
    public byte[]? Nonce { get; init; }
    public byte[]? Ciphertext { get; init; }
    public byte[]? Tag { get; init; }

    public EncryptedBankDetails? Encrypted =>
        KeyId is null || Nonce is null || Ciphertext is null || Tag is null ? null : new(MemberId, KeyId, Nonce, Ciphertext, Tag);
}

/// <summary>A claim marked paid by a confirmation, with what ClaimPaid reports of it.</summary>
public sealed class PaidClaimRow
{
    public Guid ClaimId { get; init; }
    public string Reference { get; init; } = "";
    public Guid MemberId { get; init; }
    public long Version { get; init; }
    public DateTime SubmittedAt { get; init; }
    public DateOnly? DueOn { get; init; }
    public long AmountPence { get; init; }
}

/// <summary>A claim a bank transfer export cannot pay, and why ("no_bank_details" or "bank_details_key_missing").</summary>
