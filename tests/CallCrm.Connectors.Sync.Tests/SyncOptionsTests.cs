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
}
