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
