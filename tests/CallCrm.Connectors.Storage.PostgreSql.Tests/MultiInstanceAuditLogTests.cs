using System.Security.Claims;
using CallCrm.Connectors.Security;
using CallCrm.Connectors.Security.Audit;
using CallCrm.Connectors.Security.Redaction;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CallCrm.Connectors.Storage.PostgreSql.Tests;

/// <summary>The security package's hash-chained audit log, written by two instances at once through two PostgreSQL stores on one
/// schema: the store's serialized appends make the two writers continue one chain, which then verifies with the sealing key.</summary>
public class MultiInstanceAuditLogTests
{
    private const string SealingKey = "postgres-audit-sealing-key-0123456789abcdef";

    [Test]
    public async Task TwoInstancesAuditingAtOnce_WriteOneChainThatVerifies()
    {
        await using var schema = new TestSchema();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 5, 4, 8, 0, 0, TimeSpan.Zero));
        var providers = new List<ServiceProvider>();
        for (var i = 0; i < 2; i++)
        {
            var services = new ServiceCollection()
                .AddSingleton<TimeProvider>(time)
                .AddPostgreSqlStateStore(o =>
                {
                    o.ConnectionString = PostgresServer.ConnectionString;
                    o.Schema = schema.Name;
                })
                .AddCallCrmAuditLog(o =>
                {
                    o.SealingKey = new Secret(SealingKey);

                    // Every entry of one instance may lose the race to the other: give it room to retry from the new head.
                    o.MaxAppendAttempts = 100;
                });
            providers.Add(services.BuildServiceProvider());
        }

        const int entriesPerInstance = 40;
        var agent = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, "agent-7")], "test"));
        await Task.WhenAll(providers.Select(provider => Task.Run(async () =>
        {
            var log = provider.GetRequiredService<IAuditLog>();
            for (var i = 0; i < entriesPerInstance; i++)
            {
                await log.AppendAsync(AuditEntry.For(agent, AuditOperations.CustomerLookup));
            }
        })));

        var verdict = await providers[1].GetRequiredService<IAuditLog>().VerifyAsync();
        verdict.IsValid.Should().BeTrue(verdict.Message);
        verdict.EntriesVerified.Should().Be(2 * entriesPerInstance);
        foreach (var provider in providers)
        {
            await provider.DisposeAsync();
        }
    }
}
