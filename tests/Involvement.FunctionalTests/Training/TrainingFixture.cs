extern alias TrainingHost;

using Involvement.BuildingBlocks.Security;
using Involvement.FunctionalTests.Payments;
using TrainingHost::Involvement.Training;
using Involvement.Training.V1;

namespace Involvement.FunctionalTests.Training;

public sealed class TrainingFixture : MemberDirectoryFixture<TrainingApi>
{
    protected override string ServiceName => "training";

    public override string AllowedRole => Roles.Trainer;

    public override string DeniedRole => Roles.Finance;

    public override async Task<(string DisplayName, long Version)> GetAsync(string memberId, string? role)
    {
        var learner = (await new TrainingService.TrainingServiceClient(Calls(role)).GetLearnerAsync(new GetLearnerRequest { MemberId = memberId })).Learner;
        return (learner.DisplayName, learner.MemberVersion);
    }
}

public sealed class TrainingMemberDirectoryTests(TrainingFixture fixture)
    : MemberDirectoryTests<TrainingFixture, TrainingApi>(fixture), IClassFixture<TrainingFixture>;
