using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using DurableWrites.Platform;

namespace DurableWrites;

/// <summary>
/// Replaces many files at once, durably, for about the cost of replacing one: the group commit.
/// <code>
/// var batch = new DurableBatch();
/// batch.Add("comments/1.txt", first);
/// batch.Add("comments/2.txt", second);
/// batch.Commit();            // or: await batch.CommitAsync(cancellationToken);
/// </code>
/// <see cref="Commit"/> writes every file to a temporary file beside its target, flushes them all to disk together
/// (so that the filesystem's journal commits them in a few transactions instead of one or two each), renames each
/// over its target, and then flushes each distinct directory once. Each file is replaced atomically, exactly as
/// <see cref="DurableFile.WriteAllBytes(string, byte[])"/> does it; the batch as a whole is not atomic:
/// a crash during <see cref="Commit"/> leaves every file with its old content or its new one, some of each.
/// Once <see cref="Commit"/> returns, all the new contents survive a power cut.
/// </summary>
/// <remarks>
/// The data is read when <see cref="Commit"/> runs, not when it is added. A batch commits once.
/// </remarks>
public sealed class DurableBatch
{
    private const string Operation = "batch write";

    /// <summary>Temporary files open at once: bounds the file descriptors a large batch holds.</summary>
    private const int Window = 256;

    private static readonly Encoding Utf8NoBom = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly List<Entry> _entries = new();
    private readonly HashSet<string> _paths = new(PathComparer.Instance);
    private readonly IPlatform _platform;
    private bool _committed;

    /// <summary>Creates an empty batch.</summary>
    public DurableBatch()
        : this(CurrentPlatform.Instance)
    {
    }

    internal DurableBatch(IPlatform platform) => _platform = platform;

    /// <summary>The number of files added.</summary>
    public int Count => _entries.Count;

    /// <summary>Adds a file to replace (or create) with <paramref name="bytes"/>.</summary>
    /// <exception cref="ArgumentException">The path is empty, invalid, or already in the batch.</exception>
    public void Add(string path, byte[] bytes)
    {
        if (bytes is null)
        {
            throw new ArgumentNullException(nameof(bytes));
        }

        Add(path, new ReadOnlyMemory<byte>(bytes));
    }

    /// <summary>Adds a file to replace (or create) with <paramref name="contents"/> as UTF-8 without a byte order mark.</summary>
    public void Add(string path, string? contents) => Add(path, Utf8NoBom.GetBytes(contents ?? ""));

    /// <summary>Adds a file to replace (or create) with <paramref name="bytes"/>.</summary>
    /// <exception cref="ArgumentException">The path is empty, invalid, or already in the batch.</exception>
    public void Add(string path, ReadOnlyMemory<byte> bytes)
    {
        RequireOpen();
        string fullPath = DurablePath.Full(path, nameof(path));
        if (!_paths.Add(fullPath))
        {
            throw new ArgumentException($"The path '{fullPath}' is already in the batch.", nameof(path));
        }

        _entries.Add(new Entry(fullPath, bytes));
    }

    /// <summary>
    /// Writes every file, durably: temporary files are created and written, flushed to disk together, renamed over
    /// their targets in the order they were added, and each directory is flushed once. An empty batch does nothing.
    /// </summary>
    /// <exception cref="ArgumentException">Two paths name the same file (through a symbolic link).</exception>
    /// <exception cref="DurableBatchException">
    /// A step failed. No temporary file is left behind; the files listed in <see cref="DurableBatchException.NotCommitted"/>
    /// keep their old content, those in <see cref="DurableBatchException.Committed"/> have their new content.
    /// </exception>
    public void Commit()
    {
        RequireOpen();
        _committed = true;
        CommitCore(CancellationToken.None);
    }

    /// <summary>
    /// Asynchronous <see cref="Commit"/>: the same steps, run off the caller's thread, since fsync and rename have no
    /// asynchronous form. Cancellation is observed until the first rename: a commit cancelled by then has changed no
    /// file, leaves no temporary file behind, and the batch can be committed again. Once the renames have begun, the
    /// commit runs to its end, so that no file is left half done.
    /// </summary>
    /// <exception cref="OperationCanceledException">The commit was cancelled before any file was renamed.</exception>
    /// <exception cref="DurableBatchException">As <see cref="Commit"/>.</exception>
    public Task CommitAsync(CancellationToken cancellationToken = default)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled(cancellationToken);
        }

        RequireOpen();
        _committed = true;
        return Task.Run(() => CommitCore(cancellationToken), CancellationToken.None);
    }

    private void CommitCore(CancellationToken cancellationToken)
    {
        if (_entries.Count == 0)
        {
            return;
        }

        FileInfo[] resolved = ResolveTargets();
        string[] targets = Array.ConvertAll(resolved, file => file.FullName);
        var temps = new List<TemporaryFile>(targets.Length);

        // 1. Temporary files written and flushed, a window at a time; nothing is visible yet.
        for (int start = 0; start < targets.Length; start += Window)
        {
            int end = Math.Min(start + Window, targets.Length);
            int index = start;
            DurableWriteStep step = DurableWriteStep.CreateTemporaryFile;
            try
            {
                for (; index < end; index++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    step = DurableWriteStep.CreateTemporaryFile;
                    TemporaryFile temp = TemporaryFile.CreateBeside(targets[index], resolved[index], Operation, bufferSize: 0, FileOptions.None);
                    temps.Add(temp);
                    step = DurableWriteStep.Write;
                    Write(temp.Stream, _entries[index].Bytes);
                    _platform.StartWriteback(temp.Stream.SafeFileHandle);
                }

                FlushAll(temps, targets, start, end);
                cancellationToken.ThrowIfCancellationRequested();
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Nothing was renamed: the batch is as it was before the commit.
                DiscardAll(temps, 0);
                _committed = false;
                throw;
            }
            catch (FlushFailure failure)
            {
                DiscardAll(temps, 0);
                throw Fail(failure.Cause, failure.Target, DurableWriteStep.FlushFile, targets, committed: 0);
            }
            catch (Exception exception) when (Failures.IsFileSystemFailure(exception))
            {
                DiscardAll(temps, 0);
                throw Fail(exception, targets[index], step, targets, committed: 0);
            }
            catch
            {
                DiscardAll(temps, 0);
                throw;
            }
        }

        // 2. Renames: each file switches from its old content to its new one.
        for (int i = 0; i < targets.Length; i++)
        {
            int error = _platform.Rename(temps[i].Path, targets[i], replace: true);
            if (error != 0)
            {
                DiscardAll(temps, i);
                SyncDirectoriesQuietly(targets, i);
                throw Fail(Failures.FromOSError(error, Operation, targets[i], DurableWriteStep.Rename), targets[i], DurableWriteStep.Rename, targets, committed: i);
            }
        }

        // 3. Each directory once: the renames become durable.
        foreach (KeyValuePair<string, string> directory in Directories(targets, targets.Length))
        {
            try
            {
                Flush(directory.Key, directory.Value);
            }
            catch (Exception exception) when (Failures.IsFileSystemFailure(exception))
            {
                throw Fail(exception, directory.Value, DurableWriteStep.SyncDirectory, targets, committed: targets.Length);
            }
        }
    }

    private FileInfo[] ResolveTargets()
    {
        var targets = new FileInfo[_entries.Count];
        var seen = new Dictionary<string, string>(PathComparer.Instance);
        for (int i = 0; i < targets.Length; i++)
        {
            string path = _entries[i].Path;
            try
            {
                targets[i] = AtomicReplace.ResolveTarget(path);
            }
            catch (Exception exception) when (Failures.IsFileSystemFailure(exception))
            {
                throw Fail(exception, path, DurableWriteStep.CreateTemporaryFile, null, committed: 0);
            }

            if (seen.TryGetValue(targets[i].FullName, out string? other))
            {
                throw new ArgumentException($"The paths '{other}' and '{path}' in the batch both name the file '{targets[i].FullName}'.");
            }

            seen.Add(targets[i].FullName, path);
        }

        return targets;
    }

    private static void Write(FileStream stream, ReadOnlyMemory<byte> bytes)
    {
#if NET8_0_OR_GREATER
        stream.Write(bytes.Span);
#else
        if (MemoryMarshal.TryGetArray(bytes, out ArraySegment<byte> segment))
        {
            stream.Write(segment.Array!, segment.Offset, segment.Count);
        }
        else
        {
            byte[] copy = bytes.ToArray();
            stream.Write(copy, 0, copy.Length);
        }
#endif
    }

    /// <summary>
    /// Flushes (fsync) and closes temps[start..end), concurrently: the caller works through the files, and the
    /// <see cref="FlushHelperThreads"/> join in. Throws a <see cref="FlushFailure"/> for the first file that failed,
    /// once all are done.
    /// </summary>
    private static void FlushAll(List<TemporaryFile> temps, string[] targets, int start, int end)
    {
        var work = new FlushWork(temps, targets, start, end);
        FlushHelperThreads.Offer(work.Run, helpers: end - start - 1);
        work.Run();
        work.WaitUntilDone();
        if (work.Failure != null)
        {
            throw work.Failure;
        }
    }

    private static void DiscardAll(List<TemporaryFile> temps, int from)
    {
        for (int i = from; i < temps.Count; i++)
        {
            temps[i].Discard();
        }
    }

    /// <summary>After a failed rename: makes the renames that did happen durable if it can; the rename's failure is the one reported.</summary>
    private void SyncDirectoriesQuietly(string[] targets, int committed)
    {
        foreach (KeyValuePair<string, string> directory in Directories(targets, committed))
        {
            try
            {
                Flush(directory.Key, directory.Value);
            }
            catch (Exception exception) when (Failures.IsFileSystemFailure(exception))
            {
                // Reported as part of the batch's failure: these files are listed as committed but not known durable.
            }
        }
    }

    private void Flush(string directory, string target) =>
        DurableDirectory.Flush(_platform, directory, isDirectory: true, Operation, target, DurableWriteStep.SyncDirectory, AtomicReplace.NewContentNotDurable);

    /// <summary>The distinct parent directories of targets[0..count), each with the first target in it.</summary>
    private static List<KeyValuePair<string, string>> Directories(string[] targets, int count)
    {
        var directories = new List<KeyValuePair<string, string>>();
        var seen = new HashSet<string>(PathComparer.Instance);
        for (int i = 0; i < count; i++)
        {
            string directory = DurablePath.Parent(targets[i]);
            if (seen.Add(directory))
            {
                directories.Add(new KeyValuePair<string, string>(directory, targets[i]));
            }
        }

        return directories;
    }

    /// <summary>The exception for a failed step; without resolved targets (a failure while resolving them), the paths are listed as added.</summary>
    private DurableBatchException Fail(Exception cause, string path, DurableWriteStep step, string[]? targets, int committed)
    {
        var done = new List<string>(committed);
        var notDone = new List<string>(_entries.Count - committed);
        for (int i = 0; i < _entries.Count; i++)
        {
            string name = targets?[i] ?? _entries[i].Path;
            (i < committed ? done : notDone).Add(name);
        }

        string consequence = step == DurableWriteStep.SyncDirectory
            ? $" All {done.Count} files have their new content, but the renames in '{DurablePath.Parent(path)}' may not survive a crash."
            : $" {done.Count} of {_entries.Count} files were committed; the other {notDone.Count} keep their old content.";
        string reason = cause.Message;
        int osError = cause is DurableWriteException durable ? durable.OSError : 0;
        return new DurableBatchException(path, step, osError, $"Durable batch write failed at '{path}': {reason}{consequence}", done, notDone, cause);
    }

    private void RequireOpen()
    {
        if (_committed)
        {
            throw new InvalidOperationException("This batch was already committed; create a new one.");
        }
    }

    private readonly struct Entry
    {
        public Entry(string path, ReadOnlyMemory<byte> bytes)
        {
            Path = path;
            Bytes = bytes;
        }

        public string Path { get; }

        public ReadOnlyMemory<byte> Bytes { get; }
    }

    /// <summary>The flushes of one window, claimed one file at a time by whichever thread is free.</summary>
    private sealed class FlushWork
    {
        private readonly List<TemporaryFile> _temps;
        private readonly string[] _targets;
        private readonly int _end;
        private readonly ManualResetEventSlim _done = new(initialState: false);
        private int _next;
        private int _remaining;
        private FlushFailure? _failure;

        public FlushWork(List<TemporaryFile> temps, string[] targets, int start, int end)
        {
            _temps = temps;
            _targets = targets;
            _next = start - 1;
            _end = end;
            _remaining = end - start;
        }

        public FlushFailure? Failure => Volatile.Read(ref _failure);

        public void Run()
        {
            for (int i = Interlocked.Increment(ref _next); i < _end; i = Interlocked.Increment(ref _next))
            {
                try
                {
                    _temps[i].FlushToDisk(Operation, _targets[i]);
                }
                catch (Exception exception)
                {
                    Interlocked.CompareExchange(ref _failure, new FlushFailure(exception, _targets[i]), null);
                }

                if (Interlocked.Decrement(ref _remaining) == 0)
                {
                    _done.Set();
                }
            }
        }

        /// <summary>Waits for the files other threads claimed; the caller has finished claiming.</summary>
        public void WaitUntilDone() => _done.Wait();
    }

    /// <summary>A flush that failed on one of the flushing threads, carried back to the caller's.</summary>
    private sealed class FlushFailure : Exception
    {
        public FlushFailure(Exception cause, string target)
        {
            Cause = cause;
            Target = target;
        }

        public Exception Cause { get; }

        public string Target { get; }
    }

    /// <summary>Paths compared as the file system compares names: exactly on Linux, ignoring case elsewhere.</summary>
    private sealed class PathComparer : IEqualityComparer<string>
    {
        public static readonly PathComparer Instance = new();

        private static readonly StringComparer Comparer = RuntimeInformation.IsOSPlatform(OSPlatform.Linux)
            ? StringComparer.Ordinal
            : StringComparer.OrdinalIgnoreCase;

        public bool Equals(string? x, string? y) => Comparer.Equals(x, y);

        public int GetHashCode(string obj) => Comparer.GetHashCode(obj);
    }
}

/// <summary>
/// A <see cref="DurableBatch"/> failed. <see cref="DurableWriteException.Path"/> and <see cref="DurableWriteException.Step"/>
/// name the file and the step that failed; the inner exception is the failure as System.IO reported it.
/// </summary>
public sealed class DurableBatchException : DurableWriteException
{
    /// <summary>Creates the exception.</summary>
    public DurableBatchException(string path, DurableWriteStep step, int osError, string message,
        IReadOnlyList<string> committed, IReadOnlyList<string> notCommitted, Exception? innerException = null)
        : base(path, step, osError, message, innerException)
    {
        Committed = committed;
        NotCommitted = notCommitted;
    }

    /// <summary>
    /// The files renamed into place: they have their new content. When <see cref="DurableWriteException.Step"/> is
    /// <see cref="DurableWriteStep.SyncDirectory"/> (or a rename failed), their directory may not have been flushed,
    /// so after a crash they may show their old content again.
    /// </summary>
    public IReadOnlyList<string> Committed { get; }

    /// <summary>The files left as they were: their old content, or still absent. No temporary file remains for them.</summary>
    public IReadOnlyList<string> NotCommitted { get; }
}
