using System.Collections.Generic;
using System.Globalization;

namespace DurableWrites.Bench;

/// <summary>What an implementation is in the comparison.</summary>
internal enum Role
{
    /// <summary>The minimal correct sequence in C: the denominator of every ratio.</summary>
    Limit,
    /// <summary>DurableWrites.</summary>
    Ours,
    /// <summary>Another library doing the same job.</summary>
    Peer,
    /// <summary>Code that does less (no durability) or a different sequence, shown for reference.</summary>
    Reference,
}

/// <summary>One implementation of a scenario: the command that runs COUNT timed operations after WARMUP untimed ones.</summary>
/// <param name="PauseMs">The pause before timing when it is not the run's (the control rows that show why the run pauses).</param>
internal sealed record Implementation(string Id, string Name, Role Role, bool? SyncsDirectory, string Note, string[] Command, int? PauseMs = null);

/// <summary>A target an implementation's ratio is held to.</summary>
/// <param name="Subject">The implementation measured.</param>
/// <param name="Baseline">The implementation it is compared with.</param>
/// <param name="MaxRatio">For latency targets: subject / baseline must not exceed this.</param>
/// <param name="MinSpeedup">For throughput targets: baseline / subject latency must reach at least this.</param>
internal sealed record Target(string Subject, string Baseline, double? MaxRatio, double? MinSpeedup, string Text);

/// <summary>One kind of operation, and every implementation of it that runs in the same rounds.</summary>
internal sealed record Scenario(
    string Id, string Title, string Description, int Size, int ItemsPerOp, string ItemName,
    int OpsPerRound, int Warmup, IReadOnlyList<Implementation> Implementations, IReadOnlyList<Target> Targets);

/// <summary>The scenarios of the runtime benchmark.</summary>
internal static class Scenarios
{
    internal const int BatchFiles = 64;

    /// <summary>
    /// Untimed operations before the timed ones, the same for every implementation: enough for every runtime's JIT
    /// (V8's, .NET's) and every cache to reach the steady state a program that writes often runs in.
    /// </summary>
    internal const int Warmup = 30;

    internal static List<Scenario> All(Tools tools, bool quick)
    {
        // The control for the pause before timing: the C limit's sequence, unchanged, timed at once after its process
        // touched as much fresh memory as the .NET worker holds.
        Implementation Ballast(string mode, int size, bool? syncsDirectory) =>
            new("c-ballast", "C: the same, timed right after touching 28 MiB of fresh memory, no pause", Role.Reference, syncsDirectory,
                "the C sequence, unchanged, in a process that fills 28 MiB of heap (the .NET worker's resident size) and then starts at once, without the pause every other row takes",
                tools.C("ballast-" + mode, size), PauseMs: 0);

        // The other control: the C limit's system calls, made one for one from the .NET worker (P/Invoke), so the
        // process's own cost shows apart from the library's.
        Implementation FromDotNet(string mode, int size, bool? syncsDirectory) =>
            new("syscalls", "the C sequence's system calls, made from the .NET worker (P/Invoke)", Role.Reference, syncsDirectory,
                "the same calls as the C limit, in the same order, from a .NET process like DurableWrites': what is left between this row and ours is the library's own work",
                tools.Worker("syscalls-" + mode, size));

        int Ops(int n) => quick ? System.Math.Max(3, n / 4) : n;
        var scenarios = new List<Scenario>();
        foreach ((string id, string title, int size, int ops) in new[]
        {
            ("replace-4k", "Atomic replace, 4 KiB", 4 << 10, 24),
            ("replace-64k", "Atomic replace, 64 KiB", 64 << 10, 24),
            ("replace-1m", "Atomic replace, 1 MiB", 1 << 20, 12),
        })
        {
            var impls = new List<Implementation>
            {
                new("c", "C: temp, write, fsync, rename, fsync(dir)", Role.Limit, true, "", tools.C("replace", size)),
                new("ours", "DurableFile.WriteAllBytes", Role.Ours, true, "", tools.Worker("durable-replace", size)),
            };
            if (tools.WriteFileAtomic != null)
            {
                impls.Add(new("write-file-atomic", "npm write-file-atomic (sync, fsync: true)", Role.Peer, false,
                    "skips the directory fsync: the rename can be lost in a crash", tools.WriteFileAtomic(size)));
            }

            if (tools.AtomicWrites != null)
            {
                impls.Add(new("atomicwrites", "python3-atomicwrites atomic_write", Role.Peer, true, "", tools.AtomicWrites(size)));
            }

            if (size < 1 << 20)
            {
                impls.Add(Ballast("replace", size, syncsDirectory: true));
                impls.Add(FromDotNet("replace", size, syncsDirectory: true));
            }

            impls.Add(new("naive", "File.WriteAllBytes (not durable)", Role.Reference, false,
                "no fsync at all: the floor, not a peer", tools.Worker("naive-replace", size)));
            scenarios.Add(new Scenario(id, title,
                "Replace one file's whole content so that it survives a power cut; the target exists.",
                size, 1, "op", Ops(ops), Warmup, impls,
                new[] { new Target("ours", "c", 1.05, null, "DurableFile.WriteAllBytes within 1.05× of the C sequence") }));
        }

        const int record = 4 << 10;
        scenarios.Add(new Scenario("append-4k", "Durable append, 4 KiB records",
            "Append one record to an existing file and make it durable; the file is opened and closed per record.",
            record, 1, "op", Ops(32), Warmup, new List<Implementation>
            {
                new("c", "C: open(O_APPEND), write, fdatasync, close", Role.Limit, null, "", tools.C("append", record)),
                new("ours", "DurableFile.AppendAllBytes", Role.Ours, null, "", tools.Worker("durable-append", record)),
                new("c-fsync", "C: the same with fsync", Role.Reference, null, "", tools.C("append-fsync", record)),
                Ballast("append", record, syncsDirectory: null),
                new("c-overwrite", "C: pwrite in place into a preallocated file, fdatasync", Role.Reference, null,
                    "a log that preallocates its file: no size change to commit", tools.C("overwrite", record)),
                new("naive", "File.AppendAllBytes (not durable)", Role.Reference, null, "no fsync: the floor", tools.Worker("naive-append", record)),
            },
            new[] { new Target("ours", "c", 1.05, null, "DurableFile.AppendAllBytes within 1.05× of the C fdatasync loop") }));

        scenarios.Add(new Scenario("overwrite-4k", "Durable in-place overwrite, 4 KiB",
            "Open an existing file, overwrite 4 KiB inside it (its size does not change), flush, close.",
            record, 1, "op", Ops(32), Warmup, new List<Implementation>
            {
                new("c", "C: open, pwrite in place, fdatasync, close", Role.Limit, null, "", tools.C("overwrite-reopen", record)),
                new("ours", "DurableFileStream(Open) + Position + Write + Dispose", Role.Ours, null, "", tools.Worker("durable-overwrite", record)),
                new("c-fsync", "C: the same with fsync", Role.Reference, null, "", tools.C("overwrite-reopen-fsync", record)),
                Ballast("overwrite-reopen", record, syncsDirectory: null),
                FromDotNet("overwrite", record, syncsDirectory: null),
                new("naive", "FileStream(Open) + Position + Write + Dispose (not durable)", Role.Reference, null, "no fsync: the floor", tools.Worker("naive-overwrite", record)),
            },
            new[] { new Target("ours", "c", 1.05, null, "DurableFileStream in-place overwrite within 1.05× of the C fdatasync sequence") }));

        const int streamSize = 64 << 10;
        scenarios.Add(new Scenario("stream-64k", "DurableFileStream, new 64 KiB file",
            "Create a new file, write 64 KiB in 4 KiB writes, close it: data and name durable.",
            streamSize, 1, "op", Ops(24), Warmup, new List<Implementation>
            {
                new("c", "C: open(O_CREAT|O_EXCL), 16 writes, fsync, close, fsync(dir)", Role.Limit, true, "", tools.C("create", streamSize)),
                new("ours", "new DurableFileStream(CreateNew) + Dispose", Role.Ours, true, "", tools.Worker("durable-stream", streamSize)),
                Ballast("create", streamSize, syncsDirectory: true),
                new("naive", "new FileStream(CreateNew) + Dispose (not durable)", Role.Reference, false, "no fsync: the floor", tools.Worker("naive-stream", streamSize)),
            },
            new[] { new Target("ours", "c", 1.05, null, "DurableFileStream within 1.05× of the C sequence") }));

        string files = BatchFiles.ToString(CultureInfo.InvariantCulture);
        foreach ((string id, string what, string suffix, string description) in new[]
        {
            ("batch-64x4k-new", "new files", "-new", $"Write {files} new small files in one directory durably (one file per comment, per record); one operation is {files} new names."),
            ("batch-64x4k-replace", "replaced files", "", $"Replace the same {files} small files in one directory durably; one operation is all {files} files."),
        })
        {
            scenarios.Add(new Scenario(id, $"Group commit, {files} {what} of 4 KiB in one directory", description,
                record, BatchFiles, "file", Ops(3), 2, new List<Implementation>
                {
                    new("c", $"C: {files} temps, fsyncs on 8 threads, renames, one fsync(dir)", Role.Limit, true, "", tools.C("batch" + suffix, record, BatchFiles)),
                    new("ours", "DurableBatch.Commit", Role.Ours, true, "", tools.Worker("durable-batch" + suffix, record, BatchFiles)),
                    new("ours-single", $"{files} × DurableFile.WriteAllBytes", Role.Reference, true, "", tools.Worker("durable-single-many" + suffix, record, BatchFiles)),
                    new("c-single", $"C: {files} × the replace sequence", Role.Reference, true, "", tools.C("replace" + suffix, record, BatchFiles)),
                },
                new[] { new Target("ours", "ours-single", null, 3.0, $"DurableBatch at ≥ 3× the throughput of {files} single WriteAllBytes calls ({what})") }));
        }

        return scenarios;
    }
}
