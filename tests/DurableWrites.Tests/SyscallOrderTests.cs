using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Xunit;

namespace DurableWrites.Tests;

/// <summary>
/// The exact durable order of each operation, read from <c>strace -f</c> of a child process: data written, then
/// flushed, then renamed, then the directory flushed. Each durable sequence is also checked against the naive
/// System.IO code, which must fail the very same check (otherwise the check proves nothing).
/// </summary>
[Collection(nameof(SyscallOrderTests))]
public sealed class SyscallOrderTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public SyscallOrderTests() => SystemTest.Require(Strace.Available, "strace is not installed (apt-get install strace), or this is not Linux");

    public void Dispose() => _dir.Dispose();

    [SkippableTheory]
    [InlineData("durable-write-text")]
    [InlineData("durable-write-bytes")]
    [InlineData("durable-write-lines")]
    [InlineData("durable-write-text-async")]
    public void Whole_file_writes_go_through_temp_fsync_rename_directory_fsync(string operation)
    {
        string target = _dir.File("settings.json");
        File.WriteAllText(target, "old");

        IReadOnlyList<FsCall> calls = Strace.Trace(_dir.Path, operation, target, "new content");

        string temp = AssertAtomicReplace(calls, target);
        Assert.Contains(calls, c => c.Kind == "open" && c.Path == temp && c.Flags.Contains("O_EXCL"));
        Assert.Single(calls, c => c.Kind == "fsync" && c.Path == temp);
        Assert.DoesNotContain(calls, c => c.Kind is "sync" or "syncfs");
    }

    [SkippableFact]
    public void File_WriteAllText_fails_the_atomic_replace_check()
    {
        string target = _dir.File("settings.json");
        File.WriteAllText(target, "old");

        IReadOnlyList<FsCall> calls = Strace.Trace(_dir.Path, "naive-write-text", target, "new content");

        var mismatch = Assert.Throws<SequenceMismatchException>(() => AssertAtomicReplace(calls, target));
        Assert.Contains("temporary file", mismatch.Message);
    }

    [SkippableFact]
    public void Write_temp_then_File_Move_fails_the_check_at_the_missing_flush()
    {
        string target = _dir.File("settings.json");
        File.WriteAllText(target, "old");

        IReadOnlyList<FsCall> calls = Strace.Trace(_dir.Path, "naive-temp-move", target, "new content");

        var mismatch = Assert.Throws<SequenceMismatchException>(() => AssertAtomicReplace(calls, target));
        Assert.Contains("fsync of the temporary file", mismatch.Message);
    }

    [SkippableTheory]
    [InlineData("durable-create")]
    [InlineData("durable-filestream")]
    [InlineData("durable-stream-writer")]
    [InlineData("durable-append-text")]
    [InlineData("durable-append-bytes")]
    public void A_new_file_is_written_flushed_and_its_directory_flushed(string operation)
    {
        string path = _dir.File("comment-0001.txt");

        AssertNewFileDurable(Strace.Trace(_dir.Path, operation, path, "first!"), path);
    }

    [SkippableTheory]
    [InlineData("naive-filestream", "fsync of the file")]
    [InlineData("naive-append-text", "fsync of the file")]
    [InlineData("naive-create-flushed", "open of the directory")]
    public void Naive_creates_fail_the_new_file_check(string operation, string missingStep)
    {
        string path = _dir.File("comment-0001.txt");

        IReadOnlyList<FsCall> calls = Strace.Trace(_dir.Path, operation, path, "first!");

        var mismatch = Assert.Throws<SequenceMismatchException>(() => AssertNewFileDurable(calls, path));
        Assert.Contains(missingStep, mismatch.Message);
    }

    [SkippableFact]
    public void Appending_to_an_existing_file_flushes_the_file_but_not_the_directory()
    {
        string path = _dir.File("log.txt");
        File.WriteAllText(path, "line 1\n");

        IReadOnlyList<FsCall> calls = Strace.Trace(_dir.Path, "durable-append-text", path, "line 2\n");

        var check = new SequenceCheck(calls);
        check.Then("open of the file", c => c.Kind == "open" && c.Path == path);
        check.Then("write to the file", c => c.Kind == "write" && c.Path == path);
        check.Then("fsync of the file", c => c.Kind == "fsync" && c.Path == path, unless: c => c.Kind == "write");
        check.NothingAfter("a directory flush: the name already existed", c => c.Kind == "fsync" && c.Path == _dir.Path);
    }

    [SkippableTheory]
    [InlineData("durable-append-bytes", null)]
    [InlineData("naive-append-bytes", "fsync of the file")]
    public void Appending_bytes_to_an_existing_file_writes_then_flushes_the_file(string operation, string? missingStep)
    {
        string path = _dir.File("records.log");
        File.WriteAllText(path, "record 1\n");

        IReadOnlyList<FsCall> calls = Strace.Trace(_dir.Path, operation, path, "record 2\n");

        void Check()
        {
            var check = new SequenceCheck(calls);
            check.Then("open of the file", c => c.Kind == "open" && c.Path == path);
            check.Then("write to the file", c => c.Kind == "write" && c.Path == path);
            check.Then("fsync of the file", c => c.Kind == "fsync" && c.Path == path, unless: c => c.Kind == "write" || c.Kind == "ftruncate");
            check.NothingAfter("a directory flush: the name already existed", c => c.Kind == "fsync" && c.Path == _dir.Path);
        }

        if (missingStep is null)
        {
            Check();
            Assert.Equal("record 1\nrecord 2\n", File.ReadAllText(path));
        }
        else
        {
            var mismatch = Assert.Throws<SequenceMismatchException>(Check);
            Assert.Contains(missingStep, mismatch.Message);
        }
    }

    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public void Move_flushes_the_data_renames_and_flushes_both_directories(bool acrossDirectories)
    {
        string source = _dir.File("incoming.tmp");
        string destinationDirectory = acrossDirectories ? Directory.CreateDirectory(_dir.File("store")).FullName : _dir.Path;
        string destination = Path.Combine(destinationDirectory, "record.json");
        File.WriteAllText(source, "data");

        AssertMoveDurable(Strace.Trace(_dir.Path, "durable-move", source, destination), source, destination);
    }

    [SkippableFact]
    public void File_Move_fails_the_move_check()
    {
        string source = _dir.File("incoming.tmp");
        string destination = _dir.File("record.json");
        File.WriteAllText(source, "data");

        IReadOnlyList<FsCall> calls = Strace.Trace(_dir.Path, "naive-move", source, destination);

        var mismatch = Assert.Throws<SequenceMismatchException>(() => AssertMoveDurable(calls, source, destination));
        Assert.Contains("fsync of the source", mismatch.Message);
    }

    [SkippableFact]
    public void Copy_writes_a_flushed_temp_and_renames_it_into_place()
    {
        string source = _dir.File("original.bin");
        string destination = _dir.File("copy.bin");
        File.WriteAllText(source, "payload");

        AssertAtomicReplace(Strace.Trace(_dir.Path, "durable-copy", source, destination), destination);
        Assert.Throws<SequenceMismatchException>(() =>
            AssertAtomicReplace(Strace.Trace(_dir.Path, "naive-copy", source, _dir.File("copy2.bin")), _dir.File("copy2.bin")));
    }

    [SkippableFact]
    public void Replace_with_backup_copies_the_backup_durably_then_renames_the_flushed_source()
    {
        string source = _dir.File("settings.new");
        string destination = _dir.File("settings.json");
        string backup = _dir.File("settings.bak");
        File.WriteAllText(source, "v2");
        File.WriteAllText(destination, "v1");

        IReadOnlyList<FsCall> calls = Strace.Trace(_dir.Path, "durable-replace", source, destination, backup);

        var check = new SequenceCheck(calls);
        FsCall temp = check.Then("exclusive create of the backup's temporary file", c => c.Kind == "open" && c.Flags.Contains("O_EXCL"));
        check.Then("fsync of the backup's temporary file", c => c.Kind == "fsync" && c.Path == temp.Path);
        check.Then("rename of the temporary file to the backup", c => c.Kind is "rename" or "link" && c.Path == temp.Path && c.Target == backup);
        check.Then("fsync of the directory", c => c.Kind == "fsync" && c.Path == _dir.Path);
        check.Then("fsync of the source's data", c => c.Kind == "fsync" && c.Path == source);
        check.Then("rename of the source over the destination", c => c.Kind == "rename" && c.Path == source && c.Target == destination);
        check.Then("fsync of the directory", c => c.Kind == "fsync" && c.Path == _dir.Path);
    }

    [SkippableFact]
    public void Delete_flushes_the_directory_after_the_unlink()
    {
        string path = _dir.File("old-comment.txt");
        File.WriteAllText(path, "x");
        Func<IReadOnlyList<FsCall>, FsCall> check = calls =>
        {
            var sequence = new SequenceCheck(calls);
            sequence.Then("unlink of the file", c => c.Kind == "unlink" && c.Path == path);
            return sequence.Then("fsync of the directory", c => c.Kind == "fsync" && c.Path == _dir.Path);
        };

        check(Strace.Trace(_dir.Path, "durable-delete", path));

        File.WriteAllText(path, "x");
        Assert.Throws<SequenceMismatchException>(() => check(Strace.Trace(_dir.Path, "naive-delete", path)));
    }

    [SkippableFact]
    public void Sync_flushes_the_file_then_its_directory_and_never_calls_the_global_sync()
    {
        string path = _dir.File("written-elsewhere.dat");
        File.WriteAllText(path, "x");

        IReadOnlyList<FsCall> calls = Strace.Trace(_dir.Path, "durable-sync", path);

        var check = new SequenceCheck(calls);
        check.Then("fsync of the file", c => c.Kind == "fsync" && c.Path == path);
        check.Then("fsync of the directory", c => c.Kind == "fsync" && c.Path == _dir.Path);
        Assert.DoesNotContain(calls, c => c.Kind is "sync" or "syncfs");
    }

    [SkippableFact]
    public void CreateDirectory_flushes_the_parent_of_every_directory_it_created()
    {
        string a = _dir.File("a");
        string b = Path.Combine(a, "b");
        string c = Path.Combine(b, "c");
        Func<IReadOnlyList<FsCall>, FsCall> check = calls =>
        {
            var sequence = new SequenceCheck(calls);
            sequence.Then("mkdir of the deepest directory", x => x.Kind == "mkdir" && x.Path == c);
            sequence.Then("fsync of the existing parent", x => x.Kind == "fsync" && x.Path == _dir.Path);
            sequence.Then("fsync of a", x => x.Kind == "fsync" && x.Path == a);
            return sequence.Then("fsync of a/b", x => x.Kind == "fsync" && x.Path == b);
        };

        check(Strace.Trace(_dir.Path, "durable-mkdir", c));

        Directory.Delete(a, recursive: true);
        Assert.Throws<SequenceMismatchException>(() => check(Strace.Trace(_dir.Path, "naive-mkdir", c)));
    }

    /// <summary>temp created beside the target → written → fsynced (no write after) → renamed over the target → directory opened and fsynced. Returns the temp's path.</summary>
    private string AssertAtomicReplace(IReadOnlyList<FsCall> calls, string target)
    {
        string directory = Path.GetDirectoryName(target)!;
        var check = new SequenceCheck(calls);
        string temp = check.Then("create of a temporary file beside the target",
            c => c.Kind == "open" && c.Flags.Contains("O_CREAT") && c.Path != target && Path.GetDirectoryName(c.Path) == directory).Path;
        check.Then("write to the temporary file", c => c.Kind == "write" && c.Path == temp);
        check.Then("fsync of the temporary file", c => c.Kind == "fsync" && c.Path == temp, unless: c => c.Kind is "rename" or "link");
        check.Then("rename of the temporary file over the target", c => c.Kind is "rename" or "link" && c.Path == temp && c.Target == target,
            unless: c => c.Kind == "write" && c.Path == temp);
        check.Then("open of the directory", c => c.Kind == "open" && c.Path == directory && c.Flags.Contains("O_DIRECTORY"));
        check.Then("fsync of the directory", c => c.Kind == "fsync" && c.Path == directory);
        return temp;
    }

    /// <summary>created → written → fsynced after the last write → directory opened and fsynced.</summary>
    private void AssertNewFileDurable(IReadOnlyList<FsCall> calls, string path)
    {
        var check = new SequenceCheck(calls);
        check.Then("create of the file", c => c.Kind == "open" && c.Path == path && c.Flags.Contains("O_CREAT"));
        check.Then("write to the file", c => c.Kind == "write" && c.Path == path);
        check.Then("fsync of the file", c => c.Kind == "fsync" && c.Path == path);
        check.NothingAfter("a write after the fsync", c => c.Kind == "write" && c.Path == path);
        check.Then("open of the directory", c => c.Kind == "open" && c.Path == _dir.Path && c.Flags.Contains("O_DIRECTORY"));
        check.Then("fsync of the directory", c => c.Kind == "fsync" && c.Path == _dir.Path);
    }

    /// <summary>source fsynced → renamed (or linked and unlinked) → destination's directory fsynced → source's directory fsynced when different.</summary>
    private static void AssertMoveDurable(IReadOnlyList<FsCall> calls, string source, string destination)
    {
        string sourceDirectory = Path.GetDirectoryName(source)!;
        string destinationDirectory = Path.GetDirectoryName(destination)!;
        var check = new SequenceCheck(calls);
        check.Then("fsync of the source's data", c => c.Kind == "fsync" && c.Path == source, unless: c => c.Kind is "rename" or "link");
        check.Then("rename of the source to the destination", c => c.Kind is "rename" or "link" && c.Path == source && c.Target == destination);
        check.Then("fsync of the destination's directory", c => c.Kind == "fsync" && c.Path == destinationDirectory);
        if (sourceDirectory != destinationDirectory)
        {
            check.Then("fsync of the source's directory", c => c.Kind == "fsync" && c.Path == sourceDirectory);
        }
    }
}
