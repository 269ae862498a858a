using System;
using System.Threading;

namespace CallCrm.Connectors.State;

/// <summary>The exclusive right of one instance to run a stream, taken from an <see cref="IStreamLeaseProvider"/>; dispose it to let
/// another instance run the stream.</summary>
/// <remarks>
/// <para>Each acquisition of a stream's lease gets a new <see cref="FencingToken"/>, higher than every earlier one of that stream. Every
/// state commit made under the lease carries it (<see cref="StateCommit.FencingToken"/>), and the store refuses, in the commit's own
/// transaction, a commit whose token is not the stream's current one, with a <see cref="Errors.ConnectorException"/> whose code is
/// <see cref="Errors.ConnectorErrorCode.LeaseLost"/>. So an instance that lost its lease (its connection dropped, or it paused past the
/// lease while another instance took over) cannot commit, even before it notices.</para>
/// <para><see cref="LeaseLost"/> is cancelled as soon as the holder notices the loss; the engine links it into the run's cancellation.</para>
/// </remarks>
public interface IStreamLease : IAsyncDisposable
{
    /// <summary>Gets the stream the lease is for.</summary>
    string Stream { get; }

    /// <summary>Gets the lease's fencing token: the stream's epoch, raised by every acquisition.</summary>
    long FencingToken { get; }

    /// <summary>Gets a token cancelled when the holder notices that it lost the lease (for example its connection to the store dropped).</summary>
    CancellationToken LeaseLost { get; }
}
