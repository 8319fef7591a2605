using Involvement.Recruitment.V1;

namespace Involvement.Cli;

/// <summary>A small, believable pool loaded through the public API. Keys make a second load change nothing.</summary>
public static class DemoData
{
    private sealed record Person(
        string Given, string Family, string? Preferred, LivedExperienceType Type, InvolvementLevel Level,
        string CareGroup, string Locality, string[] Interests, string Service, int MonthsSinceUse);

    private static readonly Person[] People =
    [
        new("Amara", "Okafor", null, LivedExperienceType.ServiceUser, InvolvementLevel.CoProduction, "Acute mental health", "Canterbury", ["crisis care", "digital"], "Crisis resolution team", 4),
        new("Thomas", "Reid", "Tom", LivedExperienceType.Carer, InvolvementLevel.InformedDecisions, "Older people's mental health", "Dover", ["dementia", "carers"], "Memory clinic", 2),
        new("Priya", "Shah", null, LivedExperienceType.ServiceUser, InvolvementLevel.Collaboration, "Community mental health", "Maidstone", ["recovery", "training"], "Community mental health team", 10),
        new("Gareth", "Evans", null, LivedExperienceType.FamilyMember, InvolvementLevel.Information, "Learning disability", "Thanet", ["easy read", "carers"], "Learning disability service", 20),
        new("Siobhan", "Murphy", null, LivedExperienceType.Public, InvolvementLevel.StimulatingThinking, "Community mental health", "Ashford", ["digital"], "Talking therapies", 30),
        new("Kwame", "Mensah", null, LivedExperienceType.ServiceUser, InvolvementLevel.LivedExperienceAdvisor, "Forensic services", "Medway", ["peer support", "recruitment panels"], "Forensic outreach", 6),
        new("Helen", "Clarke", null, LivedExperienceType.Carer, InvolvementLevel.InformedDecisions, "Older people's mental health", "Canterbury", ["dementia"], "Memory clinic", 1),
        new("Yusuf", "Ali", null, LivedExperienceType.ServiceUser, InvolvementLevel.Information, "Acute mental health", "Medway", ["crisis care", "recovery"], "Inpatient ward", 8),
    ];

    public static async Task<IReadOnlyList<Member>> LoadAsync(MemberService.MemberServiceClient recruitment, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var members = new List<Member>();
        foreach (var p in People)
        {
            var lastUsed = today.AddMonths(-p.MonthsSinceUse);
            var reply = await recruitment.RegisterMemberAsync(new RegisterMemberRequest
            {
                IdempotencyKey = $"demo-{p.Given}-{p.Family}".ToLowerInvariant(),
                GivenName = p.Given,
                FamilyName = p.Family,
                PreferredName = p.Preferred ?? "",
                LivedExperienceType = p.Type,
                InvolvementLevel = p.Level,
                ConsentToHoldData = true,
                Details = new MemberDetails
                {
                    Contact = new ContactDetails { Email = $"{p.Given}.{p.Family}@example.org".ToLowerInvariant() },
                    Communication = new CommunicationPreferences { InvitationChannels = { ContactChannel.Email } },
                    ServicesUsed = { new ServiceUsed { Service = p.Service, LastUsed = new Google.Type.Date { Year = lastUsed.Year, Month = lastUsed.Month, Day = lastUsed.Day } } },
                    Interests = { p.Interests },
                    CareGroup = p.CareGroup,
                    Locality = p.Locality,
                },
            }, cancellationToken: cancellationToken);
            members.Add(reply.Member);
        }

        return members;
    }
}
