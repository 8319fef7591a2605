using Involvement.BuildingBlocks.Errors;

namespace Involvement.Training.Certificates;

/// <summary>The optional learner and module filters of the certificate lists.</summary>
public sealed record ValidCertificateQuery(Guid? LearnerId, string? ModuleCode)
{
    public const int MaxModuleCodeLength = 50;
    public const int MaxLearners = 1000;

    public static ValidCertificateQuery From(RequestValidator v, string learnerId, string moduleCode) =>
        new(string.IsNullOrWhiteSpace(learnerId) ? null : v.Id("learner_id", learnerId), v.Optional("module_code", moduleCode, MaxModuleCodeLength));

    /// <summary>The learners a completion names: each an id, none twice.</summary>
    public static IReadOnlyList<Guid> Learners(RequestValidator v, IReadOnlyList<string> learnerIds)
    {
        v.Must(learnerIds.Count <= MaxLearners, "learner_ids", $"may name at most {MaxLearners} learners.");
        var ids = learnerIds.Select((id, i) => v.Id($"learner_ids[{i}]", id)).ToList();
        var named = ids.Where(id => id != Guid.Empty).ToList();
        v.Must(named.Distinct().Count() == named.Count, "learner_ids", "names a learner more than once.");
        return ids;
    }
}
