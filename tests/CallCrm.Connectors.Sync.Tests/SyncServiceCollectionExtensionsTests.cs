using CallCrm.Connectors.State;
using CallCrm.Connectors.Sync.Health;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CallCrm.Connectors.Sync.Tests;

public sealed class SyncServiceCollectionExtensionsTests : EngineTestBase
{
    [Test]
    public async Task AddCallCrmSync_ResolvesOneEngineAsHealthOnTheRegisteredClockAndValidatesOptions()
    {
        var services = new ServiceCollection();
        services.AddSingleton(Store);
        services.AddSingleton<TimeProvider>(Time);
        services.AddCallCrmSync();
        services.Configure<SyncOptions>("calls", o => o.MaxBatchSize = 0);
        await using var provider = services.BuildServiceProvider();

        var engine = provider.GetRequiredService<SyncEngine>();

        provider.GetRequiredService<ISyncHealth>().Should().BeSameAs(engine);
        engine.TimeProvider.Should().BeSameAs(Time);
        engine.Store.Should().BeSameAs(provider.GetRequiredService<IConnectorStateStore>());
        var act = () => provider.GetRequiredService<IOptionsMonitor<SyncOptions>>().Get("calls");
        act.Should().Throw<OptionsValidationException>().WithMessage("*MaxBatchSize*");
    }

    [Test]
    public async Task AddCallCrmSync_PollyRegistryInTheContainer_IsWhereTheEngineLooksForReplacementPipelines()
    {
        var registry = new Polly.Registry.ResiliencePipelineRegistry<string>();
        var services = new ServiceCollection();
        services.AddSingleton(Store);
        services.AddSingleton<Polly.Registry.ResiliencePipelineProvider<string>>(registry);
        services.AddCallCrmSync();
        await using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<SyncEngine>().ResiliencePipelines.Should().BeSameAs(registry);
    }
}
