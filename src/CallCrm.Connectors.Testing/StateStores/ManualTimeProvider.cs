using System;

namespace CallCrm.Connectors.Testing.StateStores;

/// <summary>A clock that stands still until a test sets it (for the conformance kit, which does not depend on
/// <c>Microsoft.Extensions.TimeProvider.Testing</c>). Timers are not supported.</summary>
public sealed class ManualTimeProvider : TimeProvider
{
    /// <summary>Initializes a new instance of the <see cref="ManualTimeProvider"/> class.</summary>
    /// <param name="now">The time it shows.</param>
    public ManualTimeProvider(DateTimeOffset now) => UtcNow = now;

    /// <summary>Gets or sets the time it shows.</summary>
    public DateTimeOffset UtcNow { get; set; }

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => UtcNow;
}
