using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace DurableWrites.CrashTests.Harness;

/// <summary>Whether an operation goes through the runtime or through plain System.IO, as programs write it.</summary>
public enum Mode
{
    Durable,
    Naive,
}

/// <summary>How an operation fared in a crash.</summary>
public enum Verdict
{
    /// <summary>Acknowledged, and its effect is there.</summary>
    Done,

    /// <summary>Not acknowledged, and the state is one the promise allows (old or new, never damaged).</summary>
    Allowed,

    /// <summary>Acknowledged, but its effect is gone: the data was lost.</summary>
    Lost,

    /// <summary>Not acknowledged, and the old data was damaged (empty, partial, missing); or a temporary file was left for an acknowledged target.</summary>
    Violation,
}

/// <param name="TemporaryFileLeft">A temporary file of the runtime was left beside a target (allowed after a crash only when not acknowledged).</param>
/// <param name="InFlight">Begun but not acknowledged when the power was cut.</param>
public sealed record OperationOutcome(string Operation, bool Acknowledged, Verdict Verdict, string Detail, bool TemporaryFileLeft = false, bool InFlight = false)
{
    public override string ToString() => $"{Operation} ({(Acknowledged ? "acknowledged" : "not acknowledged")}): {Verdict}: {Detail}";
}

/// <summary>
/// An operation kind: a durable call of the runtime and the naive System.IO code it replaces, the same old state
/// before both, and one check of what must hold after a crash. Paths in the arguments are names in the crash directory.
/// </summary>
public sealed class OperationKind
{
    private readonly Func<string, Random, int, OperationPlan> _plan;

    private OperationKind(string name, string durable, string naive, string meaning, Func<string, Random, int, OperationPlan> plan)
    {
        Name = name;
        Durable = durable;
        Naive = naive;
        Meaning = meaning;
        _plan = plan;
    }

    public string Name { get; }

    /// <summary>The workload operation that calls the runtime.</summary>
    public string Durable { get; }

    /// <summary>The workload operation with the System.IO code it replaces.</summary>
    public string Naive { get; }

    /// <summary>What is done and what must hold, for the documentation.</summary>
    public string Meaning { get; }

    public string WorkloadOperation(Mode mode) => mode == Mode.Durable ? Durable : Naive;

    /// <summary>
    /// Whether the naive form calls fsync itself. On ext4 and XFS one fsync commits the whole journal or log, with the
    /// other naive operations done before it, so such kinds get crash points of their own and do not hide other losses.
    /// </summary>
    public bool NaiveCallsFsync => Naive is "naive-create-flushed" or "naive-copy-directory-synced";

    /// <summary>The kinds that share crash points, and those that get their own (see <see cref="NaiveCallsFsync"/>).</summary>
    public static IReadOnlyList<OperationKind> Shared => All.Where(kind => !kind.NaiveCallsFsync).ToArray();

    public static IReadOnlyList<OperationKind> Isolated => All.Where(kind => kind.NaiveCallsFsync).ToArray();

    /// <summary>Plans one instance on names starting with <paramref name="id"/>, with contents of about <paramref name="size"/> bytes.</summary>
    public OperationPlan Plan(string id, Random random, int size) => _plan(id, random, size);

    public override string ToString() => Name;

    public static IReadOnlyList<OperationKind> All { get; } = new[]
    {
        Replace("write-text", "durable-write-text", "naive-write-text", "File.WriteAllText over an existing file", existing: true),
        Replace("write-text-new", "durable-write-text", "naive-write-text", "File.WriteAllText creating a new file", existing: false),
        Replace("write-bytes", "durable-write-bytes", "naive-write-bytes", "File.WriteAllBytes over an existing file", existing: true),
        Replace("write-text-async", "durable-write-text-async", "naive-write-text-async", "File.WriteAllTextAsync over an existing file", existing: true),
        Replace("save-to-stream", "durable-write-stream", "naive-filestream",
            "a Save(Stream) call: DurableFile.Write(path, callback) vs. writing into new FileStream(path, FileMode.Create)", existing: true),
        new("write-lines", "durable-write-lines", "naive-write-lines", "File.WriteAllLines over an existing file; must hold: as write-text",
            (id, random, size) =>
            {
                string[] lines = Enumerable.Range(0, 4).Select(i => Content.Text($"new-line{i}-{id}", Math.Max(8, size / 4), random)).ToArray();
                byte[] old = Content.Bytes($"old-{id}", size, random);
                byte[] expected = Encoding.UTF8.GetBytes(string.Join("", lines.Select(line => line + "\n")));
                return new OperationPlan(
                    new Dictionary<string, byte[]> { [id] = old },
                    directory => new[] { Path.Combine(directory, id) }.Concat(lines).ToArray(),
                    (view, acknowledged) => Checks.Replaced(view, id, old, expected, acknowledged),
                    id);
            }),
        new("temp-then-move", "durable-temp-move", "naive-temp-move",
            "the hand-made replace: write 'name.tmp', then rename it over 'name' (naive: File.Move; durable: DurableFile.Move, which flushes the data before the rename); must hold: as write-text, and 'name.tmp' is gone once acknowledged",
            (id, random, size) =>
            {
                byte[] old = Content.Bytes($"old-{id}", size, random);
                string text = Content.Text($"new-{id}", size, random);
                return new OperationPlan(
                    new Dictionary<string, byte[]> { [id] = old },
                    directory => new[] { Path.Combine(directory, id), text },
                    (view, acknowledged) =>
                    {
                        (Verdict verdict, string detail) = Checks.Replaced(view, id, old, Encoding.UTF8.GetBytes(text), acknowledged);
                        if (verdict == Verdict.Done && view.Read(id + ".tmp") != null)
                        {
                            return (Verdict.Lost, "the new content is in place but 'name.tmp' came back");
                        }

                        return (verdict, detail);
                    },
                    id);
            }),
        InPlace("filestream", "durable-filestream", "naive-filestream",
            "new FileStream(path, FileMode.Create) over an existing file, written and disposed (naive: Flush() without flushToDisk); the file is truncated in place, so before the acknowledgement any content is allowed"),
        InPlace("stream-writer", "durable-stream-writer", "naive-stream-writer",
            "new StreamWriter(path) over an existing file, written and disposed; truncated in place, so before the acknowledgement any content is allowed"),
        new("create", "durable-create", "naive-create-flushed",
            "a new file created, written and disposed; naive: its data is flushed (Flush(true)) but its directory is not; must hold: the file exists with its content once acknowledged",
            (id, random, size) =>
            {
                string text = Content.Text($"new-{id}", size, random);
                return new OperationPlan(
                    new Dictionary<string, byte[]>(),
                    directory => new[] { Path.Combine(directory, id), text },
                    (view, acknowledged) => Checks.Created(view, id, Encoding.UTF8.GetBytes(text), acknowledged),
                    id);
            }),
        Append("append-text", "durable-append-text", "naive-append-text", "File.AppendAllText to an existing file"),
        Append("append-bytes", "durable-append-bytes", "naive-append-bytes", "File.AppendAllBytes to an existing file"),
        new("move", "durable-move", "naive-move",
            "File.Move to a new name; must hold: once acknowledged the data is under the new name only; before, under the old or the new name (or both), never lost",
            (id, random, size) =>
            {
                byte[] data = Content.Bytes($"data-{id}", size, random);
                string source = id + ".src";
                return new OperationPlan(
                    new Dictionary<string, byte[]> { [source] = data },
                    directory => new[] { Path.Combine(directory, source), Path.Combine(directory, id) },
                    (view, acknowledged) => Checks.Moved(view, source, id, data, null, acknowledged),
                    id);
            }),
        new("move-overwrite", "durable-move", "naive-move",
            "File.Move(source, existing, overwrite: true); must hold: once acknowledged the destination has the source's data and the source name is gone; before, the destination is old or new and the data is somewhere",
            (id, random, size) =>
            {
                byte[] data = Content.Bytes($"data-{id}", size, random);
                byte[] old = Content.Bytes($"old-{id}", size, random);
                string source = id + ".src";
                return new OperationPlan(
                    new Dictionary<string, byte[]> { [source] = data, [id] = old },
                    directory => new[] { Path.Combine(directory, source), Path.Combine(directory, id), "overwrite" },
                    (view, acknowledged) => Checks.Moved(view, source, id, data, old, acknowledged),
                    id);
            }),
        Copy("copy", "durable-copy", "naive-copy",
            "File.Copy to a new name; must hold: once acknowledged the copy is complete; before, missing or complete, never partial; the source is untouched",
            (view, id, data, acknowledged) => Checks.Replaced(view, id, null, data, acknowledged)),
        Copy("copy-then-flush", "durable-copy-sync", "naive-copy-directory-synced",
            "File.Copy to a new name, then a flush: durable: DurableFile.Sync of the copy (its data, then its directory); naive: the directory alone (its name durable, its data not); must hold: once acknowledged the copy is complete; before, anything (File.Copy is not atomic); the source is untouched",
            (view, id, data, acknowledged) =>
            {
                byte[]? actual = view.Read(id);
                string state = Content.Describe(actual, null, data);
                if (!acknowledged)
                {
                    return (Verdict.Allowed, state);
                }

                return Content.Equal(actual, data) ? (Verdict.Done, state) : (Verdict.Lost, state);
            }),
        new("replace", "durable-replace", "naive-replace",
            "File.Replace(source, destination, backup); must hold: once acknowledged the destination has the source's data, the source name is gone and the backup has the old data; before, the destination is old or new",
            (id, random, size) =>
            {
                byte[] data = Content.Bytes($"data-{id}", size, random);
                byte[] old = Content.Bytes($"old-{id}", size, random);
                string source = id + ".src";
                string backup = id + ".bak";
                return new OperationPlan(
                    new Dictionary<string, byte[]> { [source] = data, [id] = old },
                    directory => new[] { Path.Combine(directory, source), Path.Combine(directory, id), Path.Combine(directory, backup) },
                    (view, acknowledged) =>
                    {
                        (Verdict verdict, string detail) = Checks.Moved(view, source, id, data, old, acknowledged);
                        byte[]? backupContent = view.Read(backup);
                        if (verdict == Verdict.Done && !Content.Equal(backupContent, old))
                        {
                            return (Verdict.Lost, "the backup " + Content.Describe(backupContent, null, old));
                        }

                        if (!acknowledged && backupContent != null && !Content.Equal(backupContent, old))
                        {
                            return (Verdict.Violation, "the backup is damaged: " + Content.Describe(backupContent, null, old));
                        }

                        return (verdict, detail);
                    },
                    id, backup);
            }),
        new("delete", "durable-delete", "naive-delete",
            "File.Delete; must hold: gone once acknowledged; before, present and intact or gone",
            (id, random, size) =>
            {
                byte[] data = Content.Bytes($"data-{id}", size, random);
                return new OperationPlan(
                    new Dictionary<string, byte[]> { [id] = data },
                    directory => new[] { Path.Combine(directory, id) },
                    (view, acknowledged) =>
                    {
                        byte[]? actual = view.Read(id);
                        if (acknowledged)
                        {
                            return actual == null ? (Verdict.Done, "gone") : (Verdict.Lost, "the deleted file came back");
                        }

                        return actual == null || Content.Equal(actual, data)
                            ? (Verdict.Allowed, actual == null ? "gone" : "still there")
                            : (Verdict.Violation, "damaged: " + Content.Describe(actual, null, data));
                    },
                    id);
            }),
        new("mkdir", "durable-mkdir", "naive-mkdir",
            "Directory.CreateDirectory of a three-level path; must hold: the whole chain exists once acknowledged",
            (id, random, size) =>
            {
                string path = Path.Combine(id + ".d", "a", "b");
                return new OperationPlan(
                    new Dictionary<string, byte[]>(),
                    directory => new[] { Path.Combine(directory, path) },
                    (view, acknowledged) =>
                    {
                        bool exists = view.DirectoryExists(path);
                        if (acknowledged)
                        {
                            return exists ? (Verdict.Done, "exists") : (Verdict.Lost, "the directory is missing");
                        }

                        return (Verdict.Allowed, exists ? "exists" : "missing");
                    });
            }),
    };

    /// <summary>
    /// The group commit: one <see cref="DurableBatch"/> of 2 to 16 files in the crash directory, some replacing a file,
    /// some new, against one File.WriteAllBytes per file. Not in <see cref="All"/>: it has crash points of its own
    /// (BatchPowerCutTests), some of them cut into a batch.
    /// </summary>
    public static OperationKind Batch { get; } = new("batch", "durable-batch", "naive-batch",
        "2 to 16 files written together, in one directory, about a third of them new (durable: one DurableBatch, Add for each file, then Commit; naive: File.WriteAllBytes for each file); "
        + "must hold: once acknowledged every file has exactly its new content and no temporary file is left; before, each file exactly its old or its new content (a new file missing or new), "
        + "never empty, partial or missing; the batch need not be all old or all new",
        (id, random, size) =>
        {
            int count = random.Next(2, 17);
            var files = new List<BatchFile>(count);
            for (int i = 0; i < count; i++)
            {
                string name = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{id}.{i:00}");
                // The first file replaces one, the second is new, the others either.
                bool existing = i == 0 || (i > 1 && random.Next(3) != 0);
                int length = random.Next(Math.Min(16, size), size + 1);
                byte[]? old = existing ? Content.Bytes($"old-{name}", random.Next(Math.Min(16, size), size + 1), random) : null;
                files.Add(new BatchFile(name, old, Content.Text($"new-{name}", length, random)));
            }

            return new OperationPlan(
                files.Where(f => f.Old != null).ToDictionary(f => f.Name, f => f.Old!),
                directory => files.SelectMany(f => new[] { Path.Combine(directory, f.Name), f.Text }).ToArray(),
                (view, acknowledged) => Checks.Batch(view, files, acknowledged),
                files.Select(f => f.Name).ToArray())
            {
                Files = (view, acknowledged) => files
                    .Select(f => (f.Name, Checks.Replaced(view, f.Name, f.Old, Encoding.UTF8.GetBytes(f.Text), acknowledged)))
                    .Select(r => (r.Name, r.Item2.Item1, r.Item2.Item2))
                    .ToArray(),
            };
        });

    public static OperationKind Named(string name) => All.Append(Batch).Single(kind => kind.Name == name);

    private static OperationKind Replace(string name, string durable, string naive, string what, bool existing) =>
        new(name, durable, naive, what + "; must hold: the new content once acknowledged; before, exactly the old or the new content (never empty, partial or missing)",
            (id, random, size) =>
            {
                byte[]? old = existing ? Content.Bytes($"old-{id}", size, random) : null;
                string text = Content.Text($"new-{id}", size, random);
                var files = new Dictionary<string, byte[]>();
                if (old != null)
                {
                    files[id] = old;
                }

                return new OperationPlan(
                    files,
                    directory => new[] { Path.Combine(directory, id), text },
                    (view, acknowledged) => Checks.Replaced(view, id, old, Encoding.UTF8.GetBytes(text), acknowledged),
                    id);
            });

    /// <summary>A copy of '<c>id</c>.src' to '<c>id</c>': the source must stay intact; <paramref name="checkCopy"/> judges the copy.</summary>
    private static OperationKind Copy(string name, string durable, string naive, string meaning,
        Func<CrashView, string, byte[], bool, (Verdict, string)> checkCopy) =>
        new(name, durable, naive, meaning,
            (id, random, size) =>
            {
                byte[] data = Content.Bytes($"data-{id}", size, random);
                string source = id + ".src";
                return new OperationPlan(
                    new Dictionary<string, byte[]> { [source] = data },
                    directory => new[] { Path.Combine(directory, source), Path.Combine(directory, id) },
                    (view, acknowledged) => Content.Equal(view.Read(source), data)
                        ? checkCopy(view, id, data, acknowledged)
                        : (Verdict.Violation, "the source was damaged: " + Content.Describe(view.Read(source), data, data)),
                    id);
            });

    private static OperationKind InPlace(string name, string durable, string naive, string what) =>
        new(name, durable, naive, what + "; must hold: the new content once acknowledged",
            (id, random, size) =>
            {
                byte[] old = Content.Bytes($"old-{id}", size, random);
                string text = Content.Text($"new-{id}", size, random);
                return new OperationPlan(
                    new Dictionary<string, byte[]> { [id] = old },
                    directory => new[] { Path.Combine(directory, id), text },
                    (view, acknowledged) =>
                    {
                        byte[]? actual = view.Read(id);
                        string state = Content.Describe(actual, old, Encoding.UTF8.GetBytes(text));
                        if (acknowledged)
                        {
                            return Content.Equal(actual, Encoding.UTF8.GetBytes(text)) ? (Verdict.Done, state) : (Verdict.Lost, state);
                        }

                        return (Verdict.Allowed, state);
                    },
                    id);
            });

    private static OperationKind Append(string name, string durable, string naive, string what) =>
        new(name, durable, naive, what + "; must hold: old + appended once acknowledged; before, the old content intact at the start",
            (id, random, size) =>
            {
                byte[] old = Content.Bytes($"old-{id}", size, random);
                string text = Content.Text($"more-{id}", Math.Max(16, size / 2), random);
                byte[] expected = old.Concat(Encoding.UTF8.GetBytes(text)).ToArray();
                return new OperationPlan(
                    new Dictionary<string, byte[]> { [id] = old },
                    directory => new[] { Path.Combine(directory, id), text },
                    (view, acknowledged) =>
                    {
                        byte[]? actual = view.Read(id);
                        string state = Content.Describe(actual, old, expected);
                        if (acknowledged)
                        {
                            return Content.Equal(actual, expected) ? (Verdict.Done, state) : (Verdict.Lost, state);
                        }

                        return actual != null && actual.AsSpan().StartsWith(old) ? (Verdict.Allowed, state) : (Verdict.Violation, state);
                    },
                    id);
            });
}

/// <summary>One planned instance of an operation kind.</summary>
public sealed class OperationPlan
{
    public OperationPlan(IReadOnlyDictionary<string, byte[]> oldFiles, Func<string, string[]> arguments,
        Func<CrashView, bool, (Verdict, string)> check, params string[] targets)
    {
        OldFiles = oldFiles;
        Arguments = arguments;
        Check = check;
        Targets = targets;
    }

    /// <summary>The files that exist, flushed, before the operation: name → content.</summary>
    public IReadOnlyDictionary<string, byte[]> OldFiles { get; }

    /// <summary>The workload arguments, given the crash directory.</summary>
    public Func<string, string[]> Arguments { get; }

    /// <summary>Checks the state after the crash, given whether the operation was acknowledged before the cut.</summary>
    public Func<CrashView, bool, (Verdict, string)> Check { get; }

    /// <summary>Names the runtime writes through temporary files; none may be left once the operation is acknowledged.</summary>
    public IReadOnlyList<string> Targets { get; }

    /// <summary>
    /// For an operation on several files (a batch), each file's own check: name, verdict, state. Reported as
    /// outcomes of their own ("batch, per file") beside the operation's, which judges the files together.
    /// </summary>
    public Func<CrashView, bool, IReadOnlyList<(string Name, Verdict Verdict, string Detail)>>? Files { get; init; }
}

/// <summary>One file of a planned batch: its name, its content before (null: it does not exist yet) and the text written.</summary>
public sealed record BatchFile(string Name, byte[]? Old, string Text);

/// <summary>Reads the crash directory after the crash.</summary>
public sealed class CrashView
{
    public CrashView(string directory) => Directory = directory;

    public string Directory { get; }

    /// <summary>The content of a file, or null when it does not exist.</summary>
    public byte[]? Read(string name)
    {
        string path = Path.Combine(Directory, name);
        return File.Exists(path) ? File.ReadAllBytes(path) : null;
    }

    public bool DirectoryExists(string name) => System.IO.Directory.Exists(Path.Combine(Directory, name));

    /// <summary>The runtime's temporary files for <paramref name="name"/>: ".{name}.{12 hex}.tmp".</summary>
    public IReadOnlyList<string> TemporaryFilesOf(string name) =>
        System.IO.Directory.EnumerateFiles(Directory, "." + name + ".*.tmp").Select(Path.GetFileName).ToArray()!;
}

internal static class Checks
{
    /// <summary>A whole-file replace: new once acknowledged; before, exactly old (missing when there was none) or new.</summary>
    internal static (Verdict, string) Replaced(CrashView view, string name, byte[]? old, byte[] expected, bool acknowledged)
    {
        byte[]? actual = view.Read(name);
        string state = Content.Describe(actual, old, expected);
        if (acknowledged)
        {
            return Content.Equal(actual, expected) ? (Verdict.Done, state) : (Verdict.Lost, state);
        }

        return Content.Equal(actual, expected) || Content.Equal(actual, old) ? (Verdict.Allowed, state) : (Verdict.Violation, state);
    }

    /// <summary>
    /// A batch of whole-file replaces, judged together: once acknowledged, every file new; before, every file old
    /// (missing when it was new) or new, in any mix. The state says "all new", "all old", "part new, part old" or
    /// "damaged", with the counts in parentheses.
    /// </summary>
    internal static (Verdict, string) Batch(CrashView view, IReadOnlyList<BatchFile> files, bool acknowledged)
    {
        int newCount = 0;
        int oldCount = 0;
        var kinds = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (BatchFile file in files)
        {
            byte[]? actual = view.Read(file.Name);
            byte[] expected = Encoding.UTF8.GetBytes(file.Text);
            string kind;
            if (Content.Equal(actual, expected))
            {
                newCount++;
                kind = "new";
            }
            else if (Content.Equal(actual, file.Old))
            {
                oldCount++;
                kind = file.Old == null ? "not created" : "old";
            }
            else
            {
                kind = Content.Kind(Content.Describe(actual, file.Old, expected));
                kind = kind == "missing" ? "old file missing" : kind;
            }

            kinds[kind] = kinds.GetValueOrDefault(kind) + 1;
        }

        string counts = string.Join(", ", kinds.Select(k => $"{k.Key} {k.Value}"));
        bool damaged = newCount + oldCount < files.Count;
        string state = damaged ? $"damaged ({counts})"
            : newCount == files.Count ? $"all new ({files.Count} files)"
            : oldCount == files.Count ? $"all old ({counts})"
            : $"part new, part old ({counts})";
        if (acknowledged)
        {
            return (newCount == files.Count ? Verdict.Done : Verdict.Lost, state);
        }

        return (damaged ? Verdict.Violation : Verdict.Allowed, state);
    }

    /// <summary>A new file: complete once acknowledged; before, anything (there was nothing to lose).</summary>
    internal static (Verdict, string) Created(CrashView view, string name, byte[] expected, bool acknowledged)
    {
        byte[]? actual = view.Read(name);
        string state = Content.Describe(actual, null, expected);
        if (acknowledged)
        {
            return Content.Equal(actual, expected) ? (Verdict.Done, state) : (Verdict.Lost, state);
        }

        return (Verdict.Allowed, state);
    }

    /// <summary>A rename of <paramref name="source"/> (holding <paramref name="data"/>) to <paramref name="destination"/> (holding <paramref name="old"/>, or missing).</summary>
    internal static (Verdict, string) Moved(CrashView view, string source, string destination, byte[] data, byte[]? old, bool acknowledged)
    {
        byte[]? atSource = view.Read(source);
        byte[]? atDestination = view.Read(destination);
        string sourceState = atSource == null ? "gone" : Content.Equal(atSource, data) ? "still there" : Content.Describe(atSource, null, data);
        string state = $"source {sourceState}, destination {Content.Describe(atDestination, old, data)}";
        if (acknowledged)
        {
            return atSource == null && Content.Equal(atDestination, data) ? (Verdict.Done, state) : (Verdict.Lost, state);
        }

        bool sourceIntact = atSource == null || Content.Equal(atSource, data);
        bool destinationOldOrNew = Content.Equal(atDestination, old) || Content.Equal(atDestination, data);
        bool dataSomewhere = Content.Equal(atSource, data) || Content.Equal(atDestination, data);
        return sourceIntact && destinationOldOrNew && dataSomewhere ? (Verdict.Allowed, state) : (Verdict.Violation, state);
    }
}

/// <summary>Test contents: ASCII text that says whose it is, so a wrong file is easy to tell in a report.</summary>
public static class Content
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;:-_+=";

    public static string Text(string label, int length, Random random)
    {
        var text = new StringBuilder(label).Append(':');
        while (text.Length < length)
        {
            text.Append(Alphabet[random.Next(Alphabet.Length)]);
        }

        return text.ToString();
    }

    public static byte[] Bytes(string label, int length, Random random) => Encoding.UTF8.GetBytes(Text(label, length, random));

    public static bool Equal(byte[]? a, byte[]? b) => a == null ? b == null : b != null && a.AsSpan().SequenceEqual(b);

    /// <summary>A short description of <paramref name="actual"/> against the old and the expected new content.</summary>
    public static string Describe(byte[]? actual, byte[]? old, byte[] expected)
    {
        if (actual == null)
        {
            return "missing";
        }

        if (Equal(actual, expected))
        {
            return "new content";
        }

        if (Equal(actual, old))
        {
            return "old content";
        }

        if (actual.Length == 0)
        {
            return "empty";
        }

        if (expected.AsSpan().StartsWith(actual))
        {
            return $"partial new content ({actual.Length} of {expected.Length} bytes)";
        }

        if (old != null && actual.AsSpan().StartsWith(old))
        {
            return $"old content and {actual.Length - old.Length} more bytes (expected {expected.Length - old.Length})";
        }

        if (Array.TrueForAll(actual, b => b == 0))
        {
            return $"{actual.Length} zero bytes";
        }

        return $"{actual.Length} bytes of other content";
    }

    /// <summary>The kind of a loss for the report: missing, empty, old, partial, zeros or other.</summary>
    public static string Kind(string description) =>
        description.StartsWith("partial", StringComparison.Ordinal) ? "partial"
        : description.StartsWith("old content and", StringComparison.Ordinal) ? "partial"
        : description.EndsWith("zero bytes", StringComparison.Ordinal) ? "zeros"
        : description.EndsWith("other content", StringComparison.Ordinal) ? "other"
        : description == "old content" ? "old"
        : description;
}
