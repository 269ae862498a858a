using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.Checkpoints;

namespace CallCrm.Connectors.Sync.Internal;

/// <summary>Computes the contiguous-prefix checkpoint of a run whose batches finish out of order.</summary>
/// <remarks>
/// Batches are registered in read order. The checkpoint only moves to the end of a batch once that batch and
/// every batch before it are settled (delivered, unchanged, dead-lettered or durably buffered), so a crash at
/// any point means re-reading, never skipping. A record that is not final stops the checkpoint just before it
/// for the rest of the run, so its final state is read again later.
/// </remarks>
internal sealed class CheckpointTracker
{
    private readonly Queue<Slot> _slots = new();
    private Slot? _last;
    private readonly object _gate = new();
    private Checkpoint? _current;
    private bool _held;
    private bool _poisoned;
    private Checkpoint? _lastEnd;

    /// <summary>Initializes a new instance of the <see cref="CheckpointTracker"/> class.</summary>
    /// <param name="start">Where the run started reading: the position before its first record.</param>
    public CheckpointTracker(Checkpoint? start = null) => _lastEnd = start;

    /// <summary>Gets whether a record that is not final stopped the checkpoint for the rest of the run.</summary>
    public bool IsHeld
    {
        get
        {
            lock (_gate)
            {
                return _held;
            }
        }
    }

    /// <summary>Registers the next batch, in read order, from its records' positions and the index of its first record that is not final (or -1).</summary>
    public Slot Register(IReadOnlyList<Checkpoint?> positions, int firstNotFinal)
    {
        lock (_gate)
        {
            // Just before a record that is not final: the previous record's position, which may be in the previous batch.
            var advanceTo = firstNotFinal switch
            {
                < 0 => positions[^1],
                0 => JustBefore(positions[0], _lastEnd),
                _ => positions[firstNotFinal - 1],
            };
            _lastEnd = positions[^1];
            return Register(advanceTo, stops: firstNotFinal >= 0);
        }
    }

    /// <summary>The latest position known to be before <paramref name="position"/> with nothing unread in between: the previous record's
    /// position or the run's start, or, between two watermarks, the start of the record's instant when that is later.</summary>
    /// <remarks>Not the run's start alone: a run starts <see cref="SyncOptions.LookBack"/> before the stored watermark, so a record that
    /// is not final and read first, run after run (the record at the watermark was deleted at the source), would move the checkpoint
    /// back by one look-back per run.</remarks>
    private static Checkpoint? JustBefore(Checkpoint? position, Checkpoint? previous)
    {
        if (position is WatermarkCheckpoint at && previous is WatermarkCheckpoint known)
        {
            var instant = new WatermarkCheckpoint(at.Timestamp, string.Empty);
            return known < instant && instant < at ? instant : known;
        }

        return previous;
    }

    public Slot Register(Checkpoint? advanceTo, bool stops)
    {
        lock (_gate)
        {
            var slot = new Slot(advanceTo, stops, _last);
            _last = slot;
            _slots.Enqueue(slot);
            return slot;
        }
    }

    /// <summary>Marks a batch settled and returns the new checkpoint, or <see langword="null"/> when it did not move.</summary>
    public Checkpoint? Complete(Slot slot)
    {
        lock (_gate)
        {
            slot.Done = true;
            if (_poisoned)
            {
                return null;
            }

            var moved = false;
            while (_slots.TryPeek(out var head) && head.Done)
            {
                _slots.Dequeue();
                if (_held)
                {
                    continue;
                }

                if (head.AdvanceTo is not null && !head.AdvanceTo.Equals(_current))
                {
                    _current = head.AdvanceTo;
                    moved = true;
                }

                _held |= head.Stops;
            }

            return moved ? _current : null;
        }
    }

    /// <summary>Stops the checkpoint for good: a commit failed, so what it held is not known to be durable.</summary>
    public void Poison()
    {
        lock (_gate)
        {
            _poisoned = true;
        }
    }

    internal sealed class Slot(Checkpoint? advanceTo, bool stops, Slot? previous)
    {
        private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private Slot? _previous = previous;

        public Checkpoint? AdvanceTo { get; } = advanceTo;

        /// <summary>Gets a task that completes when every batch read before this one has finished (committed or given up).</summary>
        /// <remarks>A batch that buffers records waits for it, so the outbox receives buffered records in the order they were read.
        /// Batches that buffer nothing do not wait; they may finish before an earlier one, which is why "finished" is passed on
        /// only once the earlier ones are.</remarks>
        public Task PreviousFinished => _previous?._finished.Task ?? Task.CompletedTask;

        /// <summary>Marks this batch finished, whether it committed or gave up; the next one sees it once every earlier one is too.</summary>
        public void Finish()
        {
            // Drop the link so a long run does not keep a chain of every slot alive.
            var previous = _previous;
            _previous = null;
            if (previous is null || previous._finished.Task.IsCompleted)
            {
                _finished.TrySetResult();
                return;
            }

            _ = previous._finished.Task.ContinueWith(
                static (_, state) => ((TaskCompletionSource)state!).TrySetResult(),
                _finished,
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }

        public bool Stops { get; } = stops;

        public bool Done { get; set; }
    }
}
