using Google.Protobuf.WellKnownTypes;
using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Time;
using Involvement.Training.V1;

namespace Involvement.Training.Certificates;

/// <summary>A certificates row as read, and its API message as of a UK date.</summary>
internal sealed class CertificateRow
{
    public const string Columns =
        "certificate_id, number, learner_id, learner_kind, module_code, session_id, completed_on, expires_on, superseded_by, source, issued_at, issued_by";

    public Guid CertificateId { get; init; }
    public string Number { get; init; } = "";
    public Guid LearnerId { get; init; }
    public string LearnerKind { get; init; } = "";
    public string ModuleCode { get; init; } = "";
    public Guid? SessionId { get; init; }
    public DateOnly CompletedOn { get; init; }
    public DateOnly? ExpiresOn { get; init; }
    public Guid? SupersededBy { get; init; }
    public string Source { get; init; } = "";
    public DateTime IssuedAt { get; init; }
    public string IssuedBy { get; init; } = "";

    public CertificateStatus StatusOn(DateOnly today) =>
        SupersededBy is not null ? CertificateStatus.Superseded
        : CertificateRules.IsValidOn(ExpiresOn, superseded: false, today) ? CertificateStatus.Valid
        : CertificateStatus.Expired;

    public Certificate ToMessage(DateOnly today) => new()
    {
        CertificateId = CertificateId.ToString(),
        Number = Number,
        LearnerId = LearnerId.ToString(),
        ModuleCode = ModuleCode,
        SessionId = SessionId?.ToString() ?? "",
        CompletedOn = ProtoDates.ToProto(CompletedOn),
        ExpiresOn = ProtoDates.ToProto(ExpiresOn),
        Source = CodeNames.Parse<CertificateSource>(Source),
        Status = StatusOn(today),
        SupersededBy = SupersededBy?.ToString() ?? "",
        IssuedAt = Timestamp.FromDateTime(DateTime.SpecifyKind(IssuedAt, DateTimeKind.Utc)),
        IssuedBy = IssuedBy,
    };
}
