using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace DurableWrites.CrashTests.Harness;

/// <summary>
/// The two kinds of crash point. Both modes of one crash point get the same plan (same seed): the same operations
/// on the same names with the same contents, so durable and naive are compared like for like.
/// </summary>
public static class Scenarios
{
    /// <summary>
    /// Each of <paramref name="kinds"/> <paramref name="replicas"/> times on names of its own, in a random order, with small
    /// contents (up to a few KiB); the power is cut right after the last acknowledgement, so every operation is
    /// checked as acknowledged.
    /// </summary>
    public static (OperationWorkload Workload, CutPolicy Cut) AfterLastAck(Mode mode, int seed, IReadOnlyList<OperationKind> kinds, int replicas)
    {
        var random = new Random(seed);
        var workload = new OperationWorkload(mode);
        List<OperationKind> order = kinds.SelectMany(kind => Enumerable.Repeat(kind, replicas)).OrderBy(_ => random.Next()).ToList();
        for (int i = 0; i < order.Count; i++)
        {
            int size = random.Next(4) == 0 ? random.Next(4096, 16384) : random.Next(16, 2048);
            workload.Add(order[i], order[i].Plan(Name(i, order[i]), random, size));
        }

        return (workload, CutPolicy.AfterAck(workload.Count));
    }

    /// <summary>
    /// A stream of <paramref name="count"/> operations of random <paramref name="kinds"/> with contents from 1 KiB to 256 KiB; the power is cut
    /// right after a random acknowledgement (1 to count - 1) plus a random 0 to 8 ms, while the child is already in
    /// the next operation (a durable operation takes a few milliseconds: two fsyncs on the loop device).
    /// </summary>
    public static (OperationWorkload Workload, CutPolicy Cut) MidStream(Mode mode, int seed, IReadOnlyList<OperationKind> kinds, int count)
    {
        var random = new Random(seed);
        var workload = new OperationWorkload(mode);
        for (int i = 0; i < count; i++)
        {
            OperationKind kind = kinds[random.Next(kinds.Count)];
            int size = 1024 << random.Next(9);
            workload.Add(kind, kind.Plan(Name(i, kind), random, random.Next(size / 2, size)));
        }

        int cutAfter = random.Next(1, count);
        TimeSpan delay = TimeSpan.FromMilliseconds(random.NextDouble() * 8);
        return (workload, CutPolicy.AfterAck(cutAfter, delay));
    }

    /// <summary>
    /// A stream of <paramref name="count"/> batches (<see cref="OperationKind.Batch"/>: 2 to 16 files each, of up to 1 to
    /// 64 KiB). Without <paramref name="midBatch"/> the power is cut right after the last acknowledgement; with it, right
    /// after a random acknowledgement k (1 to count - 1) plus a random 0 to 100% of the time batch k took: most often
    /// inside batch k + 1, in either mode (a durable batch takes milliseconds, a naive one well under one).
    /// </summary>
    public static (OperationWorkload Workload, CutPolicy Cut) Batches(Mode mode, int seed, int count, bool midBatch)
    {
        var random = new Random(seed);
        var workload = new OperationWorkload(mode);
        for (int i = 0; i < count; i++)
        {
            workload.Add(OperationKind.Batch, OperationKind.Batch.Plan(Name(i, OperationKind.Batch), random, 1024 << random.Next(7)));
        }

        if (!midBatch)
        {
            return (workload, CutPolicy.AfterAck(count));
        }

        int cutAfter = random.Next(1, count);
        return (workload, CutPolicy.IntoNextOperation(cutAfter, random.NextDouble()));
    }

    private static string Name(int index, OperationKind kind) => string.Create(CultureInfo.InvariantCulture, $"f{index:000}-{kind.Name}");
}
