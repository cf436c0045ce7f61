using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Text;

namespace DurableWrites.Bench;

/// <summary>
/// One .NET implementation doing timed operations, in its own process like every other implementation:
/// <c>worker MODE DIR SIZE COUNT WARMUP [FILES]</c>. Runs WARMUP untimed operations (which also JIT-compile the
/// path), then COUNT timed ones, and prints each timed operation's latency in nanoseconds, one per line.
/// </summary>
internal static class Worker
{
    private const int StreamChunk = 4096;

    internal static int Run(string[] args)
    {
        if (args.Length < 5)
        {
            Console.Error.WriteLine("usage: worker MODE DIR SIZE COUNT WARMUP [FILES]");
            return 2;
        }

        string mode = args[0];
        string dir = args[1];
        int size = int.Parse(args[2], CultureInfo.InvariantCulture);
        int count = int.Parse(args[3], CultureInfo.InvariantCulture);
        int warmup = int.Parse(args[4], CultureInfo.InvariantCulture);
        int files = args.Length > 5 ? int.Parse(args[5], CultureInfo.InvariantCulture) : 1;

        byte[] payload = Payload(size);
        if (mode.EndsWith("-overwrite", StringComparison.Ordinal))
        {
            // Untimed setup, as in the C limit: a durable file with a slot for every operation.
            DurableFile.WriteAllBytes(Path.Combine(dir, "preallocated"), new byte[(long)size * (count + warmup)]);
        }

        Action<int> operation = Operation(mode, dir, payload, files);
        long[] latencies = new long[count];
        for (int i = 0; i < warmup + count; i++)
        {
            if (i == warmup)
            {
                PauseBeforeTiming();
            }

            long start = Stopwatch.GetTimestamp();
            operation(i);
            long end = Stopwatch.GetTimestamp();
            if (i >= warmup)
            {
                latencies[i - warmup] = (long)((end - start) * (1e9 / Stopwatch.Frequency));
            }
        }

        var output = new StringBuilder();
        foreach (long latency in latencies)
        {
            output.Append(latency.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        Console.Out.Write(output.ToString());
        return 0;
    }

    /// <summary>The pause between warm-up and timing that every implementation takes (BENCH_PAUSE_MS, see docs/benchmarks.md).</summary>
    private static void PauseBeforeTiming()
    {
        if (int.TryParse(Environment.GetEnvironmentVariable("BENCH_PAUSE_MS"), NumberStyles.None, CultureInfo.InvariantCulture, out int ms) && ms > 0)
        {
            System.Threading.Thread.Sleep(ms);
        }
    }

    /// <summary>The same bytes every implementation writes: 'a'..'z' repeated.</summary>
    internal static byte[] Payload(int size)
    {
        byte[] payload = new byte[size];
        for (int i = 0; i < size; i++)
        {
            payload[i] = (byte)('a' + i % 26);
        }

        return payload;
    }

    private static Action<int> Operation(string mode, string dir, byte[] payload, int files)
    {
        string target = Path.Combine(dir, "target");
        string log = Path.Combine(dir, "log");
        string[] batchTargets = new string[files];
        for (int k = 0; k < files; k++)
        {
            batchTargets[k] = Path.Combine(dir, "b-" + k.ToString(CultureInfo.InvariantCulture));
        }

        return mode switch
        {
            "durable-replace" => _ => DurableFile.WriteAllBytes(target, payload),
            "naive-replace" => _ => File.WriteAllBytes(target, payload),
            "syscalls-replace" => _ => Syscalls.Replace(dir, "target", payload),
            "syscalls-overwrite" => i => Syscalls.OverwriteReopen(Path.Combine(dir, "preallocated"), payload, i),
            "durable-append" => _ => DurableFile.AppendAllBytes(log, payload),
            "naive-append" => _ => File.AppendAllBytes(log, payload),
            "durable-overwrite" => i => Overwrite(new DurableFileStream(Path.Combine(dir, "preallocated"), FileMode.Open, FileAccess.Write, FileShare.Read, bufferSize: 0), payload, i),
            "naive-overwrite" => i => Overwrite(new FileStream(Path.Combine(dir, "preallocated"), FileMode.Open, FileAccess.Write, FileShare.Read, bufferSize: 0), payload, i),
            "durable-stream" => i => WriteStream(new DurableFileStream(NewName(dir, i), FileMode.CreateNew, FileAccess.Write), payload),
            "naive-stream" => i => WriteStream(new FileStream(NewName(dir, i), FileMode.CreateNew, FileAccess.Write), payload),
            "durable-batch" => _ => Batch(batchTargets, payload),
            "durable-batch-new" => i => Batch(NewNames(dir, i, files), payload),
            "durable-single-many" => _ => Singles(batchTargets, payload),
            "durable-single-many-new" => i => Singles(NewNames(dir, i, files), payload),
            _ => throw new ArgumentException($"unknown worker mode '{mode}'", nameof(mode)),
        };
    }

    private static void Batch(string[] paths, byte[] payload)
    {
        var batch = new DurableBatch();
        foreach (string path in paths)
        {
            batch.Add(path, payload);
        }

        batch.Commit();
    }

    private static void Singles(string[] paths, byte[] payload)
    {
        foreach (string path in paths)
        {
            DurableFile.WriteAllBytes(path, payload);
        }
    }

    /// <summary>Operation <paramref name="i"/>'s new files, as the C limit names them: b-OP-K.</summary>
    private static string[] NewNames(string dir, int i, int files)
    {
        string[] names = new string[files];
        for (int k = 0; k < files; k++)
        {
            names[k] = Path.Combine(dir, "b-" + i.ToString(CultureInfo.InvariantCulture) + "-" + k.ToString(CultureInfo.InvariantCulture));
        }

        return names;
    }

    /// <summary>Opens the preallocated file, writes slot <paramref name="i"/> in place, closes it.</summary>
    private static void Overwrite(FileStream stream, byte[] payload, int i)
    {
        using (stream)
        {
            stream.Position = (long)i * payload.Length;
            stream.Write(payload, 0, payload.Length);
        }
    }

    private static string NewName(string dir, int i) => Path.Combine(dir, "new-" + i.ToString(CultureInfo.InvariantCulture));

    /// <summary>A stream written the way programs write streams: in 4 KiB pieces, then disposed.</summary>
    private static void WriteStream(FileStream stream, byte[] payload)
    {
        using (stream)
        {
            for (int offset = 0; offset < payload.Length; offset += StreamChunk)
            {
                stream.Write(payload, offset, Math.Min(StreamChunk, payload.Length - offset));
            }
        }
    }
}
