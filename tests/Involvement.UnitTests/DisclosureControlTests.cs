using Involvement.Reporting.Disclosure;

namespace Involvement.UnitTests;

public sealed class DisclosureControlTests
{
    [Theory]
    [InlineData(0, "0")]
    [InlineData(1, "*")]
    [InlineData(7, "*")]
    [InlineData(8, "10")]
    [InlineData(12, "10")]
    [InlineData(13, "15")]
    [InlineData(102, "100")]
    [InlineData(103, "105")]
    public void Counts_follow_the_nhs_digital_rules(long count, string published)
    {
        Assert.Equal(published, DisclosureControl.Count(count));
    }

    [Fact]
    public void A_negative_count_is_a_bug()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => DisclosureControl.Count(-1));
    }
}
