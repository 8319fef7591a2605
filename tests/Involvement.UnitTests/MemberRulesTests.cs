using Involvement.BuildingBlocks.Errors;
using Involvement.Recruitment.Members;
using Involvement.Recruitment.V1;

namespace Involvement.UnitTests;

public sealed class MemberRulesTests
{
    private static readonly DateOnly Today = new(2026, 11, 22);

    [Theory]
    [InlineData(MemberStatus.Applicant, MemberStatus.Active, true)]
    [InlineData(MemberStatus.Applicant, MemberStatus.Left, true)]
    [InlineData(MemberStatus.Applicant, MemberStatus.Paused, false)]
    [InlineData(MemberStatus.Active, MemberStatus.Paused, true)]
    [InlineData(MemberStatus.Paused, MemberStatus.Active, true)]
    [InlineData(MemberStatus.Active, MemberStatus.Applicant, false)]
    [InlineData(MemberStatus.Left, MemberStatus.Active, false)]
    [InlineData(MemberStatus.Active, MemberStatus.Active, false)]
    public void The_lifecycle_is_applicant_active_paused_left(MemberStatus from, MemberStatus to, bool allowed)
    {
        Assert.Equal(allowed, StatusRules.CanMove(from, to));
    }

    [Theory]
    [InlineData(MemberStatus.Active, MemberStatus.Paused, true)]
    [InlineData(MemberStatus.Paused, MemberStatus.Active, true)]
    [InlineData(MemberStatus.Active, MemberStatus.Left, true)]
    [InlineData(MemberStatus.Applicant, MemberStatus.Active, false)]
    public void Members_choose_to_step_back_return_or_leave_but_not_their_own_approval(MemberStatus from, MemberStatus to, bool allowed)
    {
        Assert.Equal(allowed, StatusRules.MemberMayChooseThemselves(from, to));
    }

    [Fact]
    public void Details_are_trimmed_and_repeated_entries_collapse()
    {
        var v = new RequestValidator();
        var details = Details.From(new MemberDetails
        {
            Interests = { " Dementia ", "dementia", "", "carers" },
            Communication = new CommunicationPreferences { Formats = { AccessibleFormat.EasyRead, AccessibleFormat.EasyRead } },
            Contact = new ContactDetails { Postcode = " ct1 2ab " },
        }, v, "details", Today);

        Assert.Empty(v.Violations);
        Assert.Equal(["Dementia", "carers"], details.Interests);
        Assert.Equal(["easy_read"], details.Formats);
        Assert.Equal("CT1 2AB", details.Postcode);
    }

    [Fact]
    public void A_service_used_cannot_be_dated_in_the_future()
    {
        var v = new RequestValidator();
        Details.From(new MemberDetails
        {
            ServicesUsed = { new ServiceUsed { Service = "Memory clinic", LastUsed = new Google.Type.Date { Year = 2026, Month = 11, Day = 23 } } },
        }, v, "details", Today);

        Assert.Equal("details.services_used[0].last_used", Assert.Single(v.Violations).Field);
    }

    [Fact]
    public void Each_invitation_channel_needs_its_contact_detail()
    {
        var v = new RequestValidator();
        Details.From(new MemberDetails
        {
            Communication = new CommunicationPreferences { InvitationChannels = { ContactChannel.Email, ContactChannel.Phone, ContactChannel.Post } },
        }, v, "details", Today);

        Assert.Equal(["details.contact.email", "details.contact.phone", "details.contact.postal_address"], v.Violations.Select(x => x.Field));
    }

    [Fact]
    public void A_page_token_round_trips_and_a_forged_one_is_refused()
    {
        var id = Guid.CreateVersion7();

        Assert.Equal(id, MemberFilter.From(new ListMembersRequest { PageToken = MemberFilter.EncodeToken(id) }).After);
        var ex = Assert.Throws<RequestValidationException>(() => MemberFilter.From(new ListMembersRequest { PageToken = "bm90LWEtdG9rZW4=" }));
        Assert.Equal("page_token", Assert.Single(ex.Violations).Field);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(201)]
    public void Page_size_is_bounded(int size)
    {
        var ex = Assert.Throws<RequestValidationException>(() => MemberFilter.From(new ListMembersRequest { PageSize = size }));
        Assert.Equal("page_size", Assert.Single(ex.Violations).Field);
    }
}
