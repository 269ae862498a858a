using Microsoft.Extensions.Options;

namespace CallCrm.Connectors.Sync.Tests;

public sealed class SyncOptionsTests
{
    [Test]
    public void Validate_Defaults_AreValid() => new SyncOptions().Validate().Should().BeEmpty();

    [Test]
    public void Validate_BadValues_NamesEachProblem()
    {
        var options = new SyncOptions { MaxBatchSize = 0, MaxBatchDelay = TimeSpan.Zero, LookBack = TimeSpan.FromSeconds(-1) };
        options.Resilience.BreakerMinimumThroughput = 1;

        var errors = options.Validate();

        errors.Should().HaveCount(4);
        errors.Should().Contain(e => e.Contains("MaxBatchSize", StringComparison.Ordinal));
        errors.Should().Contain(e => e.Contains("BreakerMinimumThroughput", StringComparison.Ordinal));
        new SyncOptionsValidator().Validate(null, options).Failed.Should().BeTrue();
        new SyncOptionsValidator().Validate(null, new SyncOptions()).Should().Be(ValidateOptionsResult.Success);
    }

    [Test]
    public void Validate_TimerLongerThanDotNetAllows_IsRefused()
    {
        // A probe interval past the longest .NET timer (about 49.7 days) made the push loop throw on its first idle wait with a
        // buffered record, and every later IngestAsync waited forever (found by the simulation, seed 24).
        var options = new SyncOptions { OutboxProbeInterval = TimeSpan.FromDays(60), MaxBatchDelay = TimeSpan.FromDays(50) };

        var errors = options.Validate();

        errors.Should().HaveCount(2);
        errors.Should().Contain(e => e.Contains("OutboxProbeInterval", StringComparison.Ordinal));
        errors.Should().Contain(e => e.Contains("MaxBatchDelay", StringComparison.Ordinal));
        new SyncOptions { OutboxProbeInterval = TimeSpan.FromDays(49), MaxBatchDelay = TimeSpan.FromDays(49) }.Validate().Should().BeEmpty();
    }

    [TestCase(-2_000)]
    [TestCase(-2)]
    public void Validate_NegativeDrainTimeout_IsRefused(int milliseconds) =>
        new SyncOptions { DrainTimeout = TimeSpan.FromMilliseconds(milliseconds) }.Validate().Should().ContainSingle(e => e.Contains("DrainTimeout", StringComparison.Ordinal));

    [Test]
    public void Validate_InfiniteOrZeroDrainTimeout_IsAccepted()
    {
        new SyncOptions { DrainTimeout = Timeout.InfiniteTimeSpan }.Validate().Should().BeEmpty();
        new SyncOptions { DrainTimeout = TimeSpan.Zero }.Validate().Should().BeEmpty();
    }
}
