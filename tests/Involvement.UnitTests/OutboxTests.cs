using Involvement.BuildingBlocks.Messaging;

namespace Involvement.UnitTests;

public sealed class OutboxTests
{
    [Fact]
    public void A_round_marks_confirmed_rows_sent_and_leaves_failed_ones_pending()
    {
        Guid a = Guid.NewGuid(), b = Guid.NewGuid(), c = Guid.NewGuid();

        var round = OutboxRound.From([new PublishOutcome(a, null), new PublishOutcome(b, "the broker did not confirm in time"), new PublishOutcome(c, null)]);

        Assert.Equal([a, c], round.Sent);
        Assert.Equal([b], round.Failed.Select(f => f.Id));
        Assert.True(round.AnyFailed);
    }

    [Fact]
    public void Rows_that_can_never_be_published_are_parked_and_do_not_count_as_broker_failures()
    {
        Guid sent = Guid.NewGuid(), poison = Guid.NewGuid();

        var round = OutboxRound.From([new PublishOutcome(sent, null), new PublishOutcome(poison, "unknown event type X", Permanent: true)]);

        Assert.Equal([poison], round.Parked.Select(p => p.Id));
        Assert.Empty(round.Failed);
        Assert.False(round.AnyFailed);
        Assert.Equal(2, round.Settled);
    }

    [Fact]
    public void An_empty_round_has_nothing_sent_or_failed()
    {
        var round = OutboxRound.From([]);

        Assert.Empty(round.Sent);
        Assert.False(round.AnyFailed);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 500)]
    [InlineData(2, 1000)]
    [InlineData(3, 2000)]
    [InlineData(6, 15000)]
    [InlineData(100, 15000)]
    public void Backoff_doubles_from_half_a_second_up_to_the_cap(int failures, int expectedMillis)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMillis), OutboxBackoff.After(failures, TimeSpan.FromSeconds(15)));
    }

    [Fact]
    public void Stored_type_names_resolve_only_to_integration_event_contracts()
    {
        Assert.Equal(typeof(Contracts.Recruitment.MemberRegistered), EventJson.ContractType("Involvement.Contracts.Recruitment.MemberRegistered"));
        Assert.Null(EventJson.ContractType("Involvement.Contracts.Recruitment.LivedExperienceTypes"));
        Assert.Null(EventJson.ContractType("System.String"));
    }
}
