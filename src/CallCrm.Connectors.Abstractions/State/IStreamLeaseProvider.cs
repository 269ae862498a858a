using System.Threading;
using System.Threading.Tasks;

namespace CallCrm.Connectors.State;

/// <summary>An optional capability of a state store shared by several connector instances: the exclusive right of one instance at a
/// time to run a stream.</summary>
/// <remarks>
/// <para>The store alone keeps a record from being committed twice, but two instances running the same stream at once would both read
/// the same records from the source and both send them before either commits. A store that several instances share implements this
/// interface; the hosting package's hosted service then takes the lease before each run of a stream and skips the run when another
/// instance holds it. A store used by a single instance (the SQLite store) does not implement it.</para>
/// <para>Each acquisition raises the stream's fencing token (<see cref="IStreamLease.FencingToken"/>); commits that carry an older token
/// are refused, so a holder that lost the lease without noticing cannot store anything.</para>
/// <para>A lease must not outlive its holder: implementations release it when the holder's process or connection dies, so a crashed
/// instance never blocks a stream for good.</para>
/// </remarks>
public interface IStreamLeaseProvider
{
    /// <summary>Tries to take the exclusive right to run a stream among every instance sharing this store.</summary>
    /// <param name="stream">The stream's name.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The lease with a new fencing token, to dispose when the run ends (disposing releases it); or <see langword="null"/> when
    /// another instance runs that stream now (skip the run and try again later).</returns>
    ValueTask<IStreamLease?> TryAcquireStreamLeaseAsync(string stream, CancellationToken cancellationToken = default);
}
