using CallCrm.Connectors.Model;
using CallCrm.Connectors.Testing.InMemory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NodaTime;

namespace CallCrm.Connectors.Hosting.Tests;

/// <summary>A temporary SQLite state file, an in-memory call system and CRM, and a host builder over them.</summary>
public abstract class HostFixture
{
    protected static readonly DateTimeOffset Start = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    protected TimerSignalingTimeProvider Time { get; private set; } = null!;

    protected string StatePath { get; private set; } = null!;

    protected InMemoryCallSystem CallSystem { get; private set; } = null!;

    protected InMemoryCrm Crm { get; private set; } = null!;

    private string _directory = null!;

    [SetUp]
    public void SetUpFixture()
    {
        Time = new TimerSignalingTimeProvider(Start);
        _directory = Path.Combine(Path.GetTempPath(), "callcrm-hosting-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
        StatePath = Path.Combine(_directory, "state.db");
        CallSystem = new InMemoryCallSystem();
        Crm = new InMemoryCrm();
    }

    [TearDown]
    public void TearDownFixture()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    protected void AddCalls(int count, TimeSpan before)
    {
        for (var i = 0; i < count; i++)
        {
            CallSystem.AddCall(new CallRecord
            {
                SourceSystem = "test",
                SourceId = $"CA{i:D5}",
                StartedAt = Instant.FromDateTimeOffset(Start - before) + Duration.FromSeconds(i),
                Status = CallStatus.Completed,
                CustomerReference = $"customer-{i % 7}",
            });
        }
    }

    /// <summary>A host with the state file, the fake clock and the in-memory providers registered as <c>calls</c> and <c>crm</c>.</summary>
    protected HostApplicationBuilder NewHostBuilder(Action<CallCrmConnectorsBuilder> configure, Func<IServiceProvider, Providers.ICrmSink>? sink = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddSingleton<TimeProvider>(Time);
        builder.Services.AddMetrics();
        builder.Services.AddCallCrmConnectors(callcrm =>
        {
            callcrm.UseSqliteStateStore(o => o.DataSource = StatePath)
                .AddCallSource("calls", _ => new InMemoryCallSource(CallSystem, "calls"))
                .AddCrmSink("crm", sink ?? (_ => new InMemoryCrmSink(Crm)));
            configure(callcrm);
        });
        return builder;
    }
}
