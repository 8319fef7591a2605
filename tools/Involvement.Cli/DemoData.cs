using Involvement.Recruitment.V1;

namespace Involvement.Cli;

/// <summary>A small, believable pool loaded through the public API. Keys make a second load change nothing.</summary>
public static class DemoData
{
    private static readonly (string Given, string Family, string? Preferred, LivedExperienceType Type, InvolvementLevel Level, string Email)[] People =
    [
        ("Amara", "Okafor", null, LivedExperienceType.ServiceUser, InvolvementLevel.CoProduction, "amara.okafor@example.org"),
        ("Thomas", "Reid", "Tom", LivedExperienceType.Carer, InvolvementLevel.InformedDecisions, "tom.reid@example.org"),
        ("Priya", "Shah", null, LivedExperienceType.ServiceUser, InvolvementLevel.Collaboration, "priya.shah@example.org"),
        ("Gareth", "Evans", null, LivedExperienceType.FamilyMember, InvolvementLevel.Information, "gareth.evans@example.org"),
        ("Siobhan", "Murphy", null, LivedExperienceType.Public, InvolvementLevel.StimulatingThinking, "siobhan.murphy@example.org"),
        ("Kwame", "Mensah", null, LivedExperienceType.ServiceUser, InvolvementLevel.LivedExperienceAdvisor, "kwame.mensah@example.org"),
        ("Helen", "Clarke", null, LivedExperienceType.Carer, InvolvementLevel.InformedDecisions, "helen.clarke@example.org"),
        ("Yusuf", "Ali", null, LivedExperienceType.ServiceUser, InvolvementLevel.Information, "yusuf.ali@example.org"),
    ];

    public static async Task<IReadOnlyList<Member>> LoadAsync(RecruitmentService.RecruitmentServiceClient recruitment, CancellationToken cancellationToken)
    {
        var members = new List<Member>();
        foreach (var p in People)
        {
            var reply = await recruitment.RegisterMemberAsync(new RegisterMemberRequest
            {
                IdempotencyKey = $"demo-{p.Given}-{p.Family}".ToLowerInvariant(),
                GivenName = p.Given,
                FamilyName = p.Family,
                PreferredName = p.Preferred ?? "",
                LivedExperienceType = p.Type,
                InvolvementLevel = p.Level,
                Email = p.Email,
                ConsentToHoldData = true,
            }, cancellationToken: cancellationToken);
            members.Add(reply.Member);
        }

        return members;
    }
}
