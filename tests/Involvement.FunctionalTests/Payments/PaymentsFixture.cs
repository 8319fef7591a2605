extern alias PaymentsHost;

using Involvement.BuildingBlocks.Security;
using PaymentsHost::Involvement.Payments.Payees;
using Involvement.Payments.V1;

namespace Involvement.FunctionalTests.Payments;

public sealed class PaymentsFixture : MemberDirectoryFixture<PayeeApi>
{
    protected override string ServiceName => "payments";

    public override string AllowedRole => Roles.Finance;

    public override string DeniedRole => Roles.ReportingConsumer;

    public override async Task<(string DisplayName, long Version)> GetAsync(string memberId, string? role)
    {
        var payee = (await new PayeeService.PayeeServiceClient(Calls(role)).GetPayeeAsync(new GetPayeeRequest { MemberId = memberId })).Payee;
        return (payee.DisplayName, payee.MemberVersion);
    }
}

public sealed class PaymentsMemberDirectoryTests(PaymentsFixture fixture)
    : MemberDirectoryTests<PaymentsFixture, PayeeApi>(fixture), IClassFixture<PaymentsFixture>;
