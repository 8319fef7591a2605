extern alias TrainingHost;

using Involvement.Contracts.Training;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TrainingHost::Involvement.Training;
using TrainingHost::Involvement.Training.Expiry;

namespace Involvement.FunctionalTests.Training.Certificates;

public sealed class ExpirySweepTests(TrainingFixture fixture) : IClassFixture<TrainingFixture>
{
    private const int RenewalDueDays = 30;   // the default setting the fixture runs with

    private readonly CertificateSeed _seed = new(fixture.OpenDatabase);

    private ExpirySweep Sweep() => fixture.Services.GetRequiredService<ExpirySweep>();

    [Fact]
    public async Task A_lapsed_member_certificate_publishes_TrainingExpired_once_dated_its_expiry()
    {
        var expired = await fixture.ProbeAsync<TrainingExpired>();
        var module = CertificateSeed.Module();
        var learner = Guid.CreateVersion7();
        var lapsedToday = await _seed.CertificateAsync(module, expiresInDays: 0, learnerId: learner);
        var lapsedLastWeek = await _seed.CertificateAsync(module, expiresInDays: -7);
        var validTomorrow = await _seed.CertificateAsync(module, expiresInDays: 1);

        var first = await Sweep().SweepAsync(CancellationToken.None);
        var again = await Sweep().SweepAsync(CancellationToken.None);
        await fixture.SettledAsync();

        Assert.True(first.Expired >= 2);
        Assert.Equal(0, again.Expired);
        var events = expired.Received.Where(e => e.ModuleCode == module).ToList();
        Assert.Equal(2, events.Count);
        var mine = Assert.Single(events, e => e.MemberId == learner);
        Assert.Equal(CertificateSeed.Today, mine.ExpiredOn);
        Assert.NotNull((await _seed.PublishedAsync(lapsedToday)).ExpiryPublishedAt);
        Assert.NotNull((await _seed.PublishedAsync(lapsedLastWeek)).ExpiryPublishedAt);
        Assert.Null((await _seed.PublishedAsync(validTomorrow)).ExpiryPublishedAt);
    }

    [Fact]
    public async Task Renewal_falls_due_the_configured_days_before_expiry_and_is_published_once()
    {
        var due = await fixture.ProbeAsync<TrainingRenewalDue>();
        var module = CertificateSeed.Module();
        var learner = Guid.CreateVersion7();
        var onTheFirstDay = await _seed.CertificateAsync(module, expiresInDays: RenewalDueDays, learnerId: learner);
        var tomorrow = await _seed.CertificateAsync(module, expiresInDays: 1);
        var notYet = await _seed.CertificateAsync(module, expiresInDays: RenewalDueDays + 1);

        await Sweep().SweepAsync(CancellationToken.None);
        await Sweep().SweepAsync(CancellationToken.None);
        await fixture.SettledAsync();

        var events = due.Received.Where(e => e.ModuleCode == module).ToList();
        Assert.Equal([onTheFirstDay, tomorrow], events.Select(e => e.CertificateId).Order());
        var first = Assert.Single(events, e => e.CertificateId == onTheFirstDay);
        Assert.Equal((learner, CertificateSeed.Today.AddDays(RenewalDueDays)), (first.MemberId, first.ExpiresOn));
        Assert.Null((await _seed.PublishedAsync(notYet)).RenewalDuePublishedAt);
        Assert.NotNull((await _seed.PublishedAsync(tomorrow)).RenewalDuePublishedAt);
    }

    [Fact]
    public async Task Superseded_staff_and_never_expiring_certificates_publish_nothing()
    {
        var expired = await fixture.ProbeAsync<TrainingExpired>();
        var due = await fixture.ProbeAsync<TrainingRenewalDue>();
        var module = CertificateSeed.Module();
        var renewal = await _seed.CertificateAsync(module, expiresInDays: 365, completedDaysAgo: 5);
        var superseded = await _seed.CertificateAsync(module, expiresInDays: -3, supersededBy: renewal);
        var supersededSoon = await _seed.CertificateAsync(module, expiresInDays: 5, supersededBy: renewal);
        var staff = await _seed.CertificateAsync(module, expiresInDays: -3, kind: "staff");
        var staffSoon = await _seed.CertificateAsync(module, expiresInDays: 5, kind: "staff");
        await _seed.CertificateAsync(module, expiresInDays: null);

        await Sweep().SweepAsync(CancellationToken.None);
        await fixture.SettledAsync();

        Assert.DoesNotContain(expired.Received, e => e.ModuleCode == module);
        Assert.DoesNotContain(due.Received, e => e.ModuleCode == module);
        foreach (var id in new[] { superseded, supersededSoon, staff, staffSoon })
        {
            Assert.Equal((null, null), await _seed.PublishedAsync(id));
        }
    }

    [Fact]
    public async Task A_certificate_that_lapsed_before_its_renewal_was_published_is_only_reported_expired()
    {
        var due = await fixture.ProbeAsync<TrainingRenewalDue>();
        var expired = await fixture.ProbeAsync<TrainingExpired>();
        var module = CertificateSeed.Module();
        var lapsed = await _seed.CertificateAsync(module, expiresInDays: -1);

        await Sweep().SweepAsync(CancellationToken.None);
        await fixture.SettledAsync();

        Assert.Single(expired.Received, e => e.ModuleCode == module);
        Assert.DoesNotContain(due.Received, e => e.ModuleCode == module);
        Assert.Null((await _seed.PublishedAsync(lapsed)).RenewalDuePublishedAt);
    }

    [Fact]
    public async Task Two_sweeps_running_at_once_publish_each_event_exactly_once()
    {
        var expired = await fixture.ProbeAsync<TrainingExpired>();
        var due = await fixture.ProbeAsync<TrainingRenewalDue>();
        var module = CertificateSeed.Module();
        await _seed.ManyAsync(module, 120, expiresInDays: -2);
        await _seed.ManyAsync(module, 80, expiresInDays: 10);

        // two replicas, each in small batches so their batches interleave
        var db = fixture.Services.GetRequiredService<BuildingBlocks.Data.Db>();
        ExpirySweep Replica() => new(db, Options.Create(new TrainingOptions { ExpirySweepBatchSize = 7 }), TimeProvider.System, NullLogger<ExpirySweep>.Instance);
        var results = await Task.WhenAll(Replica().SweepAsync(CancellationToken.None), Replica().SweepAsync(CancellationToken.None));
        await fixture.SettledAsync();

        Assert.True(results.Sum(r => r.Expired) >= 120);
        Assert.True(results.Sum(r => r.RenewalDue) >= 80);
        var expiredEvents = expired.Received.Where(e => e.ModuleCode == module).ToList();
        var dueEvents = due.Received.Where(e => e.ModuleCode == module).ToList();
        Assert.Equal(120, expiredEvents.Count);
        Assert.Equal(120, expiredEvents.Select(e => e.MemberId).Distinct().Count());
        Assert.Equal(80, dueEvents.Count);
        Assert.Equal(80, dueEvents.Select(e => e.CertificateId).Distinct().Count());
    }
}
