using CallCrm.Connectors.Model;
using CallCrm.Connectors.Providers;
using CallCrm.Connectors.State;
using CallCrm.Connectors.Storage.Sqlite;
using CallCrm.Connectors.Testing.InMemory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CallCrm.Connectors.Hosting.Tests;

/// <summary>Several instances over one shared store: the hosted service runs a stream only while it holds the stream's lease.</summary>
public sealed class StreamLeaseTests : HostFixture
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private CountingCallSource _source = null!;

    [Test]
    public async Task HostedService_WhileAnotherInstanceHoldsTheStreamLease_DoesNotReadTheSourceAndRunsOnceTheLeaseIsFree()
    {
        AddCalls(10, before: TimeSpan.FromHours(1));
        using var host = NewLeasedHost();
        var store = (LeasedStateStore)host.Services.GetRequiredService<IConnectorStateStore>();
        store.TryHoldElsewhere().Should().BeTrue();

        await host.StartAsync();
        (await store.WaitForAttemptAsync(Patience)).Should().BeTrue("the host asks for the lease before its first run");
        await AdvanceUntilAsync(() => store.WaitForAttemptAsync(TimeSpan.FromMilliseconds(50)));

        store.Refused.Should().Be(2, "the host tried at start and again at the next poll");
        store.Acquired.Should().Be(0);
        _source.Reads.Should().Be(0, "a host without the lease leaves the stream to the instance that holds it");
        Crm.CountActivities("test:CA00000").Should().Be(0);
        (await store.Checkpoints.GetAsync("calls")).Should().BeNull();

        store.ReleaseElsewhere();
        await AdvanceUntilAsync(() => store.WaitForReleaseAsync(TimeSpan.FromMilliseconds(50)));

        _source.Reads.Should().BeGreaterThan(0);
        for (var i = 0; i < 10; i++)
        {
            Crm.CountActivities($"test:CA{i:D5}").Should().Be(1);
        }

        (await store.Checkpoints.GetAsync("calls")).Should().NotBeNull("the run committed under its lease's fencing token");
        store.Acquired.Should().Be(1);
        store.Released.Should().Be(1, "the lease is released when the run ends");
        store.TryHoldElsewhere().Should().BeTrue("another instance can take the stream between runs");
        store.ReleaseElsewhere();
        await host.StopAsync();
    }

    [Test]
    public async Task HostedService_WithTheLeaseFree_TakesItForEachRunAndReleasesItAfterward()
    {
        AddCalls(3, before: TimeSpan.FromHours(1));
        using var host = NewLeasedHost();
        var store = (LeasedStateStore)host.Services.GetRequiredService<IConnectorStateStore>();

        await host.StartAsync();
        (await store.WaitForReleaseAsync(Patience)).Should().BeTrue("the first run takes the lease and releases it when it ends");
        store.TryHoldElsewhere().Should().BeTrue("the lease is free between runs");
        store.ReleaseElsewhere();
        await AdvanceUntilAsync(() => store.WaitForReleaseAsync(TimeSpan.FromMilliseconds(50)));

        store.Acquired.Should().Be(2, "one lease per run");
        store.Released.Should().Be(2);
        store.Refused.Should().Be(0);
        Crm.CountActivities("test:CA00002").Should().Be(1);
        await host.StopAsync();
    }

    private IHost NewLeasedHost()
    {
        _source = new CountingCallSource(new InMemoryCallSource(CallSystem, "counted"));
        var source = _source;
        return NewHostBuilder(c =>
        {
            // Registered after the SQLite store: the engine resolves the wrapper.
            c.Services.AddSingleton<IConnectorStateStore>(sp => new LeasedStateStore(sp.GetRequiredService<SqliteStateStore>()));
            c.AddCallSource("counted", _ => source)
                .AddCallLogStream("calls", "counted", "crm", s => s.Sync.PollInterval = PollInterval);
        }).Build();
    }

    /// <summary>Moves the fake clock a poll interval at a time until <paramref name="happened"/> reports the host's next step: the
    /// loop may not have started its wait yet when the clock first moves.</summary>
    private async Task AdvanceUntilAsync(Func<Task<bool>> happened)
    {
        for (var i = 0; i < Patience / TimeSpan.FromMilliseconds(50); i++)
        {
            Time.Advance(PollInterval);
            if (await happened())
            {
                return;
            }
        }

        Assert.Fail("The host did not take its next step.");
    }

    /// <summary>Counts the reads of the source.</summary>
    private sealed class CountingCallSource(ICallSource inner) : ICallSource
    {
        private int _reads;

        public int Reads => Volatile.Read(ref _reads);

        public string Name => inner.Name;

        public SourceCapabilities Capabilities => inner.Capabilities;

        public IAsyncEnumerable<SourceItem<CallRecord>> ReadAsync(ReadRequest request, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _reads);
            return inner.ReadAsync(request, cancellationToken);
        }
    }
}
