using System;
using System.Collections.Concurrent;
using System.Threading;

namespace DurableWrites;

/// <summary>
/// A few long-lived threads that help a <see cref="DurableBatch"/> flush its files concurrently, so that the
/// filesystem's journal commits many files in one transaction. Not the thread pool: it adds threads slowly, so on a
/// machine with two cores a batch would get two helpers, not the seven it asks for, and a flush blocks its thread for
/// the length of a journal commit. Started on first use; they wait, costing nothing, while no batch runs.
/// </summary>
internal static class FlushHelperThreads
{
    /// <summary>How many threads help: enough concurrent flushes for the journal to group their commits.</summary>
    public const int Count = 7;

    private static readonly BlockingCollection<Action> Work = new(new ConcurrentQueue<Action>());
    private static int _started;

    /// <summary>
    /// Lets up to <paramref name="helpers"/> threads run <paramref name="work"/> beside the caller, who runs it too:
    /// work must be safe to run on several threads at once and cheap to run once there is nothing left to do.
    /// </summary>
    public static void Offer(Action work, int helpers)
    {
        if (helpers <= 0)
        {
            // One file: the caller flushes it; no thread is started for it.
            return;
        }

        if (Interlocked.Exchange(ref _started, 1) == 0)
        {
            Start();
        }

        for (int i = Math.Min(helpers, Count); i > 0; i--)
        {
            Work.Add(work);
        }
    }

    private static void Start()
    {
        for (int i = 0; i < Count; i++)
        {
            try
            {
                new Thread(Help) { IsBackground = true, Name = "DurableWrites flush" }.Start();
            }
            catch (OutOfMemoryException)
            {
                // No thread to spare: the callers flush their files themselves.
                return;
            }
        }
    }

    private static void Help()
    {
        foreach (Action work in Work.GetConsumingEnumerable())
        {
            work();
        }
    }
}
