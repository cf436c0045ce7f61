using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.Versioning;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using DurableWrites.Platform;
using Microsoft.Win32.SafeHandles;
using Xunit;

namespace DurableWrites.Tests;

/// <summary>The group commit: every file's content, per-file atomicity, and what a failure leaves behind.</summary>
public sealed class DurableBatchTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Commit_writes_every_file_new_or_replaced_and_leaves_no_temporary_file()
    {
        File.WriteAllText(_dir.File("existing.txt"), new string('x', 10_000));
        byte[] slice = Encoding.ASCII.GetBytes("--memory--");

        var batch = new DurableBatch();
        batch.Add(_dir.File("bytes.bin"), new byte[] { 1, 2, 3 });
        batch.Add(_dir.File("existing.txt"), "replaced");
        batch.Add(_dir.File("text.txt"), "héllo ✓");
        batch.Add(_dir.File("memory.bin"), new ReadOnlyMemory<byte>(slice, 2, 6));
        batch.Add(_dir.File("empty.txt"), (string?)null);
        Assert.Equal(5, batch.Count);

        batch.Commit();

        Assert.Equal(new byte[] { 1, 2, 3 }, File.ReadAllBytes(_dir.File("bytes.bin")));
        Assert.Equal("replaced", File.ReadAllText(_dir.File("existing.txt")));
        Assert.Equal(Encoding.UTF8.GetBytes("héllo ✓"), File.ReadAllBytes(_dir.File("text.txt")));
        Assert.Equal("memory", File.ReadAllText(_dir.File("memory.bin")));
        Assert.Equal(0, new FileInfo(_dir.File("empty.txt")).Length);
        Assert.Equal(new[] { "bytes.bin", "empty.txt", "existing.txt", "memory.bin", "text.txt" }, _dir.Entries());
    }

    [Fact]
    public void Commit_writes_files_in_several_directories_and_more_files_than_are_kept_open_at_once()
    {
        Directory.CreateDirectory(_dir.File("a"));
        Directory.CreateDirectory(_dir.File("b"));
        var batch = new DurableBatch();
        for (int i = 0; i < 600; i++)
        {
            batch.Add(Path.Combine(_dir.File(i % 2 == 0 ? "a" : "b"), $"{i}.txt"), $"record {i}");
        }

        batch.Commit();

        for (int i = 0; i < 600; i++)
        {
            Assert.Equal($"record {i}", File.ReadAllText(Path.Combine(_dir.File(i % 2 == 0 ? "a" : "b"), $"{i}.txt")));
        }

        Assert.Equal(300, Directory.GetFiles(_dir.File("a")).Length);
        Assert.Equal(300, Directory.GetFiles(_dir.File("b")).Length);
    }

    [Fact]
    public void Batches_committed_from_many_threads_at_once_all_land()
    {
        const int Writers = 8, FilesEach = 24;
        Parallel.For(0, Writers, new ParallelOptions { MaxDegreeOfParallelism = Writers }, writer =>
        {
            string directory = Directory.CreateDirectory(_dir.File($"w{writer}")).FullName;
            var batch = new DurableBatch();
            for (int i = 0; i < FilesEach; i++)
            {
                batch.Add(Path.Combine(directory, $"{i}.txt"), $"writer {writer} record {i}");
            }

            batch.Commit();
        });

        for (int writer = 0; writer < Writers; writer++)
        {
            string directory = _dir.File($"w{writer}");
            Assert.Equal(FilesEach, Directory.GetFiles(directory).Length);
            for (int i = 0; i < FilesEach; i++)
            {
                Assert.Equal($"writer {writer} record {i}", File.ReadAllText(Path.Combine(directory, $"{i}.txt")));
            }
        }
    }

    [Fact]
    public void Every_helper_thread_flushes_beside_the_caller_at_the_same_time()
    {
        // The journal groups the commits of flushes that are in flight together; a thread pool that grows one
        // thread at a time (two cores here) would leave most of them queued behind the first.
        int participants = FlushHelperThreads.Count + 1;
        var together = new Barrier(participants); // not disposed: a helper that came late may still be waiting on it
        var threads = new System.Collections.Concurrent.ConcurrentDictionary<int, bool>();
        void Flush()
        {
            threads[Environment.CurrentManagedThreadId] = true;
            together.SignalAndWait(TimeSpan.FromSeconds(30));
        }

        FlushHelperThreads.Offer(Flush, helpers: FlushHelperThreads.Count);
        threads[Environment.CurrentManagedThreadId] = true;

        Assert.True(together.SignalAndWait(TimeSpan.FromSeconds(30)), $"{together.ParticipantsRemaining} of {participants} never came");
        Assert.Equal(participants, threads.Count);
    }

    [Fact]
    public void An_empty_batch_commits_nothing()
    {
        var batch = new DurableBatch();

        batch.Commit();

        Assert.Equal(0, batch.Count);
        Assert.Empty(_dir.Entries());
    }

    [Fact]
    public void A_batch_commits_once()
    {
        var batch = new DurableBatch();
        batch.Add(_dir.File("one.txt"), "1");
        batch.Commit();

        Assert.Throws<InvalidOperationException>(() => batch.Commit());
        Assert.Throws<InvalidOperationException>(() => batch.Add(_dir.File("two.txt"), "2"));
        Assert.Equal(new[] { "one.txt" }, _dir.Entries());
    }

    [Fact]
    public async Task CommitAsync_writes_every_file_and_directory_like_Commit()
    {
        File.WriteAllText(_dir.File("existing.txt"), "old");
        string[] paths = { _dir.File("existing.txt"), _dir.File("new.txt"), Path.Combine(Directory.CreateDirectory(_dir.File("sub")).FullName, "deep.txt") };
        var platform = new FaultyPlatform();
        var batch = new DurableBatch(platform);
        foreach (string path in paths)
        {
            batch.Add(path, "new " + Path.GetFileName(path));
        }

        await batch.CommitAsync();

        Assert.Equal(paths.Select(p => "new " + Path.GetFileName(p)), paths.Select(File.ReadAllText));
        Assert.Equal(new[] { "existing.txt", "new.txt", "sub" }, _dir.Entries());
        Assert.Equal(new[] { "deep.txt" }, Directory.GetFileSystemEntries(_dir.File("sub")).Select(Path.GetFileName));
        Assert.Equal(3, platform.Renames);
        Assert.Equal(new[] { _dir.Path, _dir.File("sub") }, platform.SyncedDirectories);
        await Assert.ThrowsAsync<InvalidOperationException>(() => batch.CommitAsync());
    }

    [Fact]
    public async Task CommitAsync_with_a_cancelled_token_touches_nothing_and_the_batch_can_still_be_committed()
    {
        File.WriteAllText(_dir.File("a.txt"), "old");
        var batch = new DurableBatch();
        batch.Add(_dir.File("a.txt"), "new");
        batch.Add(_dir.File("b.txt"), "new");

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => batch.CommitAsync(new CancellationToken(canceled: true)));

        Assert.Equal("old", File.ReadAllText(_dir.File("a.txt")));
        Assert.Equal(new[] { "a.txt" }, _dir.Entries());
        await batch.CommitAsync();
        Assert.Equal(new[] { "new", "new" }, new[] { "a.txt", "b.txt" }.Select(n => File.ReadAllText(_dir.File(n))));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(6)]
    [InlineData(300)]
    public async Task CommitAsync_cancelled_while_writing_or_flushing_renames_nothing_and_removes_every_temporary_file(int cancelAtWriteback)
    {
        // 300 files: more than one window of open temporary files, cancelled in the second window.
        int count = Math.Max(6, cancelAtWriteback);
        string[] paths = Enumerable.Range(0, count).Select(i => _dir.File($"f{i:D3}.txt")).ToArray();
        foreach (string path in paths.Take(3))
        {
            File.WriteAllText(path, "old");
        }

        using var cancellation = new CancellationTokenSource();
        var platform = new FaultyPlatform { OnWriteback = number => { if (number == cancelAtWriteback) cancellation.Cancel(); } };
        var batch = new DurableBatch(platform);
        foreach (string path in paths)
        {
            batch.Add(path, "new");
        }

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => batch.CommitAsync(cancellation.Token));

        Assert.Equal(0, platform.Renames);
        Assert.Equal(new[] { "old", "old", "old" }, paths.Take(3).Select(File.ReadAllText));
        Assert.Equal(paths.Take(3).Select(Path.GetFileName), _dir.Entries());

        // Nothing was committed, so the batch commits again, in full.
        await batch.CommitAsync(CancellationToken.None);
        Assert.All(paths, path => Assert.Equal("new", File.ReadAllText(path)));
        Assert.Equal(paths.Select(Path.GetFileName), _dir.Entries());
    }

    [Fact]
    public async Task CommitAsync_cancelled_once_the_renames_have_begun_finishes_every_file()
    {
        string[] paths = Enumerable.Range(0, 5).Select(i => _dir.File($"f{i}.txt")).ToArray();
        using var cancellation = new CancellationTokenSource();
        var platform = new FaultyPlatform { OnRename = number => { if (number == 2) cancellation.Cancel(); } };
        var batch = new DurableBatch(platform);
        foreach (string path in paths)
        {
            batch.Add(path, "new");
        }

        await batch.CommitAsync(cancellation.Token);

        Assert.True(cancellation.IsCancellationRequested);
        Assert.Equal(5, platform.Renames);
        Assert.All(paths, path => Assert.Equal("new", File.ReadAllText(path)));
        Assert.Equal(paths.Select(Path.GetFileName), _dir.Entries());
        Assert.Equal(new[] { _dir.Path }, platform.SyncedDirectories);
    }

    [Fact]
    public void The_same_path_twice_is_rejected_when_added()
    {
        var batch = new DurableBatch();
        batch.Add(_dir.File("same.txt"), "first");

        Assert.Throws<ArgumentException>(() => batch.Add(_dir.File("same.txt"), "second"));
        Assert.Throws<ArgumentException>(() => batch.Add(Path.Combine(_dir.Path, ".", "same.txt"), "third"));
        Assert.Equal(1, batch.Count);
    }

    [Fact]
    public void Two_paths_naming_one_file_through_a_link_are_rejected_before_anything_is_written()
    {
        string real = _dir.File("real.txt");
        File.WriteAllText(real, "old");
        File.CreateSymbolicLink(_dir.File("link.txt"), real);
        var batch = new DurableBatch();
        batch.Add(_dir.File("other.txt"), "other");
        batch.Add(real, "via the name");
        batch.Add(_dir.File("link.txt"), "via the link");

        Assert.Throws<ArgumentException>(() => batch.Commit());

        Assert.Equal("old", File.ReadAllText(real));
        Assert.Equal(new[] { "link.txt", "real.txt" }, _dir.Entries());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("bad\0name")]
    public void Invalid_paths_are_rejected_like_System_IO_rejects_them(string? path)
    {
        var batch = new DurableBatch();

        Assert.ThrowsAny<ArgumentException>(() => batch.Add(path!, "data"));
        Assert.Throws<ArgumentNullException>(() => batch.Add(_dir.File("x"), (byte[])null!));
    }

    [Fact]
    public void A_missing_directory_fails_the_batch_before_any_file_changes()
    {
        File.WriteAllText(_dir.File("kept.txt"), "old");
        var batch = new DurableBatch();
        batch.Add(_dir.File("kept.txt"), "new");
        batch.Add(Path.Combine(_dir.File("missing"), "file.txt"), "new");

        DurableBatchException failure = Assert.Throws<DurableBatchException>(() => batch.Commit());

        Assert.Empty(failure.Committed);
        Assert.Equal(new[] { _dir.File("kept.txt"), Path.Combine(_dir.File("missing"), "file.txt") }, failure.NotCommitted);
        Assert.IsType<DirectoryNotFoundException>(failure.InnerException);
        Assert.Equal("old", File.ReadAllText(_dir.File("kept.txt")));
        Assert.Equal(new[] { "kept.txt" }, _dir.Entries());
    }

    [Fact]
    public void A_failed_rename_keeps_the_renamed_files_new_the_others_old_and_removes_every_temporary_file()
    {
        string[] paths = Enumerable.Range(0, 5).Select(i => _dir.File($"f{i}.txt")).ToArray();
        foreach (string path in paths)
        {
            File.WriteAllText(path, "old");
        }

        var platform = new FaultyPlatform { FailRenameNumber = 3 };
        var batch = new DurableBatch(platform);
        foreach (string path in paths)
        {
            batch.Add(path, "new");
        }

        DurableBatchException failure = Assert.Throws<DurableBatchException>(() => batch.Commit());

        Assert.Equal(DurableWriteStep.Rename, failure.Step);
        Assert.Equal(paths[2], failure.Path);
        Assert.Equal(paths.Take(2), failure.Committed);
        Assert.Equal(paths.Skip(2), failure.NotCommitted);
        Assert.Contains("2 of 5 files were committed", failure.Message, StringComparison.Ordinal);
        Assert.Equal(new[] { "new", "new", "old", "old", "old" }, paths.Select(File.ReadAllText));
        Assert.Equal(paths.Select(Path.GetFileName), _dir.Entries());

        // What was renamed is still made durable: its directory was flushed.
        Assert.Contains(_dir.Path, platform.SyncedDirectories);
    }

    [Fact]
    public void A_failed_directory_flush_reports_every_file_as_committed_and_not_known_durable()
    {
        var platform = new FaultyPlatform { FailDirectorySync = true };
        var batch = new DurableBatch(platform);
        batch.Add(_dir.File("a.txt"), "a");
        batch.Add(_dir.File("b.txt"), "b");

        DurableBatchException failure = Assert.Throws<DurableBatchException>(() => batch.Commit());

        Assert.Equal(DurableWriteStep.SyncDirectory, failure.Step);
        Assert.Equal(new[] { _dir.File("a.txt"), _dir.File("b.txt") }, failure.Committed);
        Assert.Empty(failure.NotCommitted);
        Assert.Contains("may not survive a crash", failure.Message, StringComparison.Ordinal);
        Assert.Equal("a", File.ReadAllText(_dir.File("a.txt")));
        Assert.Equal(new[] { "a.txt", "b.txt" }, _dir.Entries());
    }

    [Fact]
    public void Each_directory_is_flushed_once_after_all_the_renames()
    {
        Directory.CreateDirectory(_dir.File("a"));
        Directory.CreateDirectory(_dir.File("b"));
        var platform = new FaultyPlatform();
        var batch = new DurableBatch(platform);
        for (int i = 0; i < 10; i++)
        {
            batch.Add(Path.Combine(_dir.File(i < 5 ? "a" : "b"), $"{i}.txt"), "x");
        }

        batch.Commit();

        Assert.Equal(10, platform.Renames);
        Assert.Equal(new[] { _dir.File("a"), _dir.File("b") }, platform.SyncedDirectories);
        Assert.Equal(new[] { 10, 10 }, platform.RenamesBeforeEachSync);
        Assert.Equal(10, platform.WritebacksStarted);
    }

    [Fact]
    public void A_directory_in_place_of_a_file_fails_the_batch_and_changes_nothing()
    {
        File.WriteAllText(_dir.File("kept.txt"), "old");
        Directory.CreateDirectory(_dir.File("dir"));
        var batch = new DurableBatch();
        batch.Add(_dir.File("kept.txt"), "new");
        batch.Add(_dir.File("dir"), "new");

        DurableBatchException failure = Assert.Throws<DurableBatchException>(() => batch.Commit());

        Assert.IsType<UnauthorizedAccessException>(failure.InnerException);
        Assert.Equal(2, failure.NotCommitted.Count);
        Assert.Equal("old", File.ReadAllText(_dir.File("kept.txt")));
        Assert.Equal(new[] { "dir", "kept.txt" }, _dir.Entries());
    }

    [SkippableFact]
    [UnsupportedOSPlatform("windows")]
    public void Replaced_files_keep_their_permissions()
    {
        Skip.If(OperatingSystem.IsWindows(), "Unix permission bits");
        string path = _dir.File("secret.txt");
        File.WriteAllText(path, "old");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var batch = new DurableBatch();
        batch.Add(path, "new");
        batch.Commit();

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }

    [Fact]
    public async Task Readers_only_ever_see_each_file_old_or_new()
    {
        const int size = 256 * 1024;
        string[] paths = { _dir.File("x.bin"), _dir.File("y.bin") };
        byte[] a = Enumerable.Repeat((byte)'a', size).ToArray();
        byte[] b = Enumerable.Repeat((byte)'b', size).ToArray();
        foreach (string path in paths)
        {
            File.WriteAllBytes(path, a);
        }

        int torn = 0, reads = 0;
        using var done = new CancellationTokenSource();
        Task reader = Task.Factory.StartNew(() =>
        {
            while (!done.IsCancellationRequested)
            {
                foreach (string path in paths)
                {
                    byte[] seen;
                    try
                    {
                        seen = File.ReadAllBytes(path);
                    }
                    catch (FileNotFoundException)
                    {
                        Interlocked.Increment(ref torn);
                        continue;
                    }

                    Interlocked.Increment(ref reads);
                    if (seen.Length != size || seen.Any(x => x != seen[0]))
                    {
                        Interlocked.Increment(ref torn);
                    }
                }
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        // At least 30 commits, and on until the reader (its own thread) has read the files many times.
        var time = System.Diagnostics.Stopwatch.StartNew();
        for (int i = 0; i < 30 || (Volatile.Read(ref reads) < 100 && time.Elapsed < TimeSpan.FromSeconds(30)); i++)
        {
            var batch = new DurableBatch();
            foreach (string path in paths)
            {
                batch.Add(path, i % 2 == 0 ? b : a);
            }

            batch.Commit();
        }

        done.Cancel();
        await reader;
        Assert.Equal(0, torn);
        Assert.True(reads >= 100, $"the reader read only {reads} times");
        Assert.Equal(new[] { "x.bin", "y.bin" }, _dir.Entries());
    }

    /// <summary>The real platform, with renames counted and a chosen rename or directory flush failing.</summary>
    private sealed class FaultyPlatform : IPlatform
    {
        private readonly IPlatform _real = CurrentPlatform.Instance;

        public int FailRenameNumber { get; set; }

        public bool FailDirectorySync { get; set; }

        public int Renames { get; private set; }

        public int WritebacksStarted;

        public List<string> SyncedDirectories { get; } = new();

        public List<int> RenamesBeforeEachSync { get; } = new();

        public Action<int>? OnWriteback { get; set; }

        public Action<int>? OnRename { get; set; }

        public int Rename(string source, string destination, bool replace)
        {
            OnRename?.Invoke(Renames + 1);
            if (++Renames == FailRenameNumber)
            {
                return OperatingSystem.IsWindows() ? 5 : UnixConstants.EIO;
            }

            return _real.Rename(source, destination, replace);
        }

        public int Sync(string path, bool isDirectory)
        {
            if (isDirectory)
            {
                SyncedDirectories.Add(path);
                RenamesBeforeEachSync.Add(Renames);
                if (FailDirectorySync)
                {
                    return OperatingSystem.IsWindows() ? 1117 : UnixConstants.EIO;
                }
            }

            return _real.Sync(path, isDirectory);
        }

        public void StartWriteback(SafeFileHandle file)
        {
            int number = Interlocked.Increment(ref WritebacksStarted);
            OnWriteback?.Invoke(number);
            _real.StartWriteback(file);
        }

        public int FlushFile(SafeFileHandle handle, bool dataOnly = false) => _real.FlushFile(handle, dataOnly);

        public bool IsSyncUnsupported(int error) => _real.IsSyncUnsupported(error);

        public OSErrorKind Classify(int error) => _real.Classify(error);

        public string Describe(int error) => _real.Describe(error);
    }
}
