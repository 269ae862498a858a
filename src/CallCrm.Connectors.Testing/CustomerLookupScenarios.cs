using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Providers;
using FluentAssertions;
using NodaTime;

namespace CallCrm.Connectors.Testing;

/// <summary>The conformance scenarios of an <see cref="ICustomerLookup"/>, callable from any test framework.</summary>
/// <remarks><see cref="CustomerLookupConformanceTests"/> runs each of them as an NUnit test. The backend is seeded with
/// one customer with one number, three customers sharing a company's main line and one customer with two numbers.</remarks>
public static class CustomerLookupScenarios
{
    private const string MainLine = "+442079460000";
    private const string UnknownNumber = "+33142685300";
    private static readonly Instant HistorySince = Instant.FromUtc(2025, 12, 1, 0, 0);

    /// <summary>The lookup declares a name.</summary>
    /// <param name="harness">The harness.</param>
    /// <param name="cancellationToken">Cancels the scenario.</param>
    /// <returns>A task that completes when the scenario passed.</returns>
    public static async Task DeclaresANameAsync(CustomerLookupHarness harness, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(harness);
        (await harness.CreateLookupAsync(cancellationToken).ConfigureAwait(false)).ShouldDeclareName();
    }

    /// <summary>Looking up any of a customer's numbers finds that customer alone.</summary>
    /// <param name="harness">The harness.</param>
    /// <param name="cancellationToken">Cancels the scenario.</param>
    /// <returns>A task that completes when the scenario passed.</returns>
    public static async Task AnyNumberOfACustomerFindsThatCustomerAsync(CustomerLookupHarness harness, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(harness);
        var (customers, ids) = await SeedAsync(harness, cancellationToken).ConfigureAwait(false);
        var lookup = await harness.CreateLookupAsync(cancellationToken).ConfigureAwait(false);

        foreach (var index in new[] { 0, 4 })
        {
            foreach (var number in customers[index].PhoneNumbers)
            {
                var result = await lookup.FindByPhoneAsync(new CustomerLookupRequest(number.E164!, HistorySince), cancellationToken).ConfigureAwait(false);

                result.IsNewCaller.Should().BeFalse("customer {0} has number {1}", ids[index], number);
                result.Matches.Select(m => m.Customer.Id).Should().Equal([ids[index]], "number {0} belongs to customer {1} alone", number, ids[index]);
            }
        }
    }

    /// <summary>Looking up a number no customer has finds nobody: a new caller, not an error.</summary>
    /// <param name="harness">The harness.</param>
    /// <param name="cancellationToken">Cancels the scenario.</param>
    /// <returns>A task that completes when the scenario passed.</returns>
    public static async Task AnUnknownNumberIsANewCallerAsync(CustomerLookupHarness harness, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(harness);
        await SeedAsync(harness, cancellationToken).ConfigureAwait(false);
        var lookup = await harness.CreateLookupAsync(cancellationToken).ConfigureAwait(false);

        var result = await lookup.FindByPhoneAsync(new CustomerLookupRequest(UnknownNumber, HistorySince), cancellationToken).ConfigureAwait(false);

        result.IsNewCaller.Should().BeTrue("no customer has the number");
        result.Matches.Should().BeEmpty("no customer has the number");
    }

    /// <summary>Looking up a number several customers share finds each of them once.</summary>
    /// <param name="harness">The harness.</param>
    /// <param name="cancellationToken">Cancels the scenario.</param>
    /// <returns>A task that completes when the scenario passed.</returns>
    public static async Task ASharedNumberFindsEveryCustomerOnItAsync(CustomerLookupHarness harness, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(harness);
        var (_, ids) = await SeedAsync(harness, cancellationToken).ConfigureAwait(false);
        var lookup = await harness.CreateLookupAsync(cancellationToken).ConfigureAwait(false);

        var result = await lookup.FindByPhoneAsync(new CustomerLookupRequest(MainLine, HistorySince, MaxCandidates: 5), cancellationToken).ConfigureAwait(false);

        result.Matches.Select(m => m.Customer.Id).Should().BeEquivalentTo(ids.Skip(1).Take(3), "three customers share the company's main line; the agent chooses among them");
    }

    /// <summary>Looking up a shared number returns at most <see cref="CustomerLookupRequest.MaxCandidates"/> distinct customers.</summary>
    /// <param name="harness">The harness.</param>
    /// <param name="cancellationToken">Cancels the scenario.</param>
    /// <returns>A task that completes when the scenario passed.</returns>
    public static async Task ASharedNumberReturnsAtMostMaxCandidatesAsync(CustomerLookupHarness harness, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(harness);
        var (_, ids) = await SeedAsync(harness, cancellationToken).ConfigureAwait(false);
        var lookup = await harness.CreateLookupAsync(cancellationToken).ConfigureAwait(false);

        var result = await lookup.FindByPhoneAsync(new CustomerLookupRequest(MainLine, HistorySince, MaxCandidates: 2), cancellationToken).ConfigureAwait(false);

        var found = result.Matches.Select(m => m.Customer.Id).ToList();
        found.Should().HaveCount(2, "three customers share the number and the request allows two candidates")
            .And.OnlyHaveUniqueItems("each candidate is a different customer")
            .And.BeSubsetOf(ids.Skip(1).Take(3), "only customers on the number are candidates");
    }

    /// <summary>A lookup against a backend answering 5xx throws a transient <c>SERVICE_UNAVAILABLE</c> <see cref="Errors.ConnectorException"/>.</summary>
    /// <param name="harness">The harness.</param>
    /// <param name="cancellationToken">Cancels the scenario.</param>
    /// <returns>A task that completes when the scenario passed.</returns>
    public static Task ServiceUnavailableThrowsTransientConnectorExceptionAsync(CustomerLookupHarness harness, CancellationToken cancellationToken = default) =>
        ThrowsForFaultAsync(harness, BackendFault.ServiceUnavailable, cancellationToken);

    /// <summary>A lookup against an unreachable backend throws a transient <see cref="Errors.ConnectorException"/>, not "new caller".</summary>
    /// <param name="harness">The harness.</param>
    /// <param name="cancellationToken">Cancels the scenario.</param>
    /// <returns>A task that completes when the scenario passed.</returns>
    public static Task UnreachableBackendThrowsTransientConnectorExceptionAsync(CustomerLookupHarness harness, CancellationToken cancellationToken = default) =>
        ThrowsForFaultAsync(harness, BackendFault.Unreachable, cancellationToken);

    /// <summary>A lookup with refused credentials throws a permanent <c>AUTHENTICATION_FAILED</c> <see cref="Errors.ConnectorException"/>.</summary>
    /// <param name="harness">The harness.</param>
    /// <param name="cancellationToken">Cancels the scenario.</param>
    /// <returns>A task that completes when the scenario passed.</returns>
    public static Task RejectedCredentialsThrowAuthenticationFailedAsync(CustomerLookupHarness harness, CancellationToken cancellationToken = default) =>
        ThrowsForFaultAsync(harness, BackendFault.CredentialsRejected, cancellationToken);

    /// <summary>A lookup with a cancelled token throws <see cref="OperationCanceledException"/>.</summary>
    /// <param name="harness">The harness.</param>
    /// <param name="cancellationToken">Cancels the scenario.</param>
    /// <returns>A task that completes when the scenario passed.</returns>
    public static async Task CancelledLookupThrowsOperationCanceledExceptionAsync(CustomerLookupHarness harness, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(harness);
        await SeedAsync(harness, cancellationToken).ConfigureAwait(false);
        var lookup = await harness.CreateLookupAsync(cancellationToken).ConfigureAwait(false);

        await SinkChecks.ShouldBeCancelledAsync(
            async token => await lookup.FindByPhoneAsync(new CustomerLookupRequest(MainLine, HistorySince), token).ConfigureAwait(false),
            "a lookup").ConfigureAwait(false);
    }

    /// <summary>Creates the customers the lookup scenarios seed.</summary>
    /// <returns>#0 with one number, #1 to #3 sharing <see cref="MainLine"/> (#1 also has a mobile), #4 with two numbers.</returns>
    internal static IReadOnlyList<CustomerProfile> Customers()
    {
        var mainLine = new PhoneNumber("+44 20 7946 0000", MainLine);
        return
        [
            ConformanceData.Customer(0, [new PhoneNumber("+49 30 1234567", "+49301234567")]),
            ConformanceData.Customer(1, [mainLine, new PhoneNumber("+44 7700 900123", "+447700900123")]),
            ConformanceData.Customer(2, [mainLine]),
            ConformanceData.Customer(3, [mainLine]),
            ConformanceData.Customer(4, [new PhoneNumber("+1 415-555-0123", "+14155550123"), new PhoneNumber("+49 151 12345678", "+4915112345678")]),
        ];
    }

    private static async Task ThrowsForFaultAsync(CustomerLookupHarness harness, BackendFault fault, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(harness);
        await SeedAsync(harness, cancellationToken).ConfigureAwait(false);
        await harness.SetFaultAsync(fault, cancellationToken).ConfigureAwait(false);
        var lookup = await harness.CreateLookupAsync(cancellationToken).ConfigureAwait(false);

        Func<Task> find = async () => await lookup.FindByPhoneAsync(new CustomerLookupRequest(MainLine, HistorySince), cancellationToken).ConfigureAwait(false);

        await find.ShouldThrowForAsync(fault, "a lookup").ConfigureAwait(false);
    }

    private static async Task<(IReadOnlyList<CustomerProfile> Customers, IReadOnlyList<string> Ids)> SeedAsync(CustomerLookupHarness harness, CancellationToken cancellationToken)
    {
        var customers = Customers();
        var ids = await harness.SeedAsync(customers, cancellationToken).ConfigureAwait(false);
        ids.Should().HaveCount(customers.Count, "the harness returns one id per seeded customer").And.OnlyHaveUniqueItems("the harness returns a distinct id per customer");
        return (customers, ids);
    }
}
