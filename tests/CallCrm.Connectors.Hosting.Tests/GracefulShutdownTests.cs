using CallCrm.Connectors.Model;
using CallCrm.Connectors.Providers;
using CallCrm.Connectors.State;
using CallCrm.Connectors.Testing.InMemory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CallCrm.Connectors.Hosting.Tests;

public sealed class GracefulShutdownTests : HostFixture
{
    [Test]
    public async Task StopAsync_WhileABatchIsInFlight_CommitsTheBatchAndLosesNothing()
    {
        AddCalls(30, before: TimeSpan.FromHours(1));
        var gate = new GatedCrmSink(new InMemoryCrmSink(Crm));
        using var host = NewHostBuilder(c => c.AddCallLogStream("calls", "calls", "crm", s => s.Sync.MaxBatchSize = 100), _ => gate).Build();
        await StopWhileAWriteIsHeldAsync(host, gate);

        for (var i = 0; i < 30; i++)
        {
            Crm.CountActivities($"test:CA{i:D5}").Should().Be(1);
        }

        var store = host.Services.GetRequiredService<IConnectorStateStore>();
        var checkpoint = await store.Checkpoints.GetAsync("calls");
        checkpoint.Should().NotBeNull("the batch committed its checkpoint before the host stopped");
        (await store.Ledger.CountAsync("calls", DeliveryStatus.Delivered)).Should().Be(30);
    }

    [Test]
    public async Task StopAsync_WhileABatchOfALongBacklogIsInFlight_WritesWhatWasReadReadsNoFurtherAndTheNextRunGoesOn()
    {
        const int Backlog = 300;
        AddCalls(Backlog, before: TimeSpan.FromHours(1));
        var gate = new GatedCrmSink(new InMemoryCrmSink(Crm));
        using var host = NewHostBuilder(
            c => c.AddCallLogStream("calls", "calls", "crm", s =>
            {
                // One writer, batches of 10, a channel of 10: while the first batch is held, at most 30 records are read.
                s.Sync.MaxBatchSize = 10;
                s.Sync.MaxConcurrency = 1;
                s.Sync.ChannelCapacity = 10;
            }),
            _ => gate).Build();
        await StopWhileAWriteIsHeldAsync(host, gate);

        var counts = Enumerable.Range(0, Backlog).Select(i => Crm.CountActivities($"test:CA{i:D5}")).ToList();
        var written = counts.Count(c => c == 1);
        counts.Take(10).Should().AllSatisfy(c => c.Should().Be(1), "the batch in flight at the stop is written");
        written.Should().BeInRange(10, 30, "the stop ended the reading: the rest of the backlog is left for the next run");
        counts.Take(written).Should().AllSatisfy(c => c.Should().Be(1), "what was read is written in read order");
        counts.Skip(written).Should().AllSatisfy(c => c.Should().Be(0));
        var store = host.Services.GetRequiredService<IConnectorStateStore>();
        (await store.Ledger.CountAsync("calls", DeliveryStatus.Delivered)).Should().Be(written, "every written record is acknowledged before the host stops");
        (await store.Checkpoints.GetAsync("calls")).Should().NotBeNull();

        var next = await host.Services.GetRequiredService<ConnectorStreams>().GetCallLogStream("calls").RunOnceAsync();

        next.Outcome.Should().Be(Sync.SyncRunOutcome.Completed);
        for (var i = 0; i < Backlog; i++)
        {
            Crm.CountActivities($"test:CA{i:D5}").Should().Be(1);
        }
    }

    /// <summary>Starts the host, stops it while the gate holds a write, then lets the write go and waits for the stop.</summary>
    private static async Task StopWhileAWriteIsHeldAsync(IHost host, GatedCrmSink gate)
    {
        await host.StartAsync();
        await gate.Entered.WaitAsync(TimeSpan.FromSeconds(30));

        var stopping = host.StopAsync();
        stopping.IsCompleted.Should().BeFalse("the stop waits for the batch in flight");
        gate.Release();
        await stopping.WaitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>Holds the first write until released, so a stop can arrive while a batch is in flight.</summary>
    private sealed class GatedCrmSink(ICrmSink inner) : ICrmSink
    {
        private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Entered => _entered.Task;

        public string Name => inner.Name;

        public SinkCapabilities Capabilities => inner.Capabilities;

        public void Release() => _release.TrySetResult();

        public async ValueTask<IReadOnlyList<RecordOutcome>> WriteAsync(IReadOnlyList<CallRecord> batch, CancellationToken cancellationToken = default)
        {
            _entered.TrySetResult();
            await _release.Task;
            return await inner.WriteAsync(batch, cancellationToken);
        }
    }
}
