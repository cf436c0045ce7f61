using System;
using System.Collections.Generic;
using System.IO;
using Xunit;

namespace DurableWrites.Tests;

/// <summary>A small tmpfs mounted for one test: another filesystem, so renames into it fail with EXDEV.</summary>
public sealed class TmpfsMount : IDisposable
{
    public TmpfsMount(string options = "size=16m")
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "durable-tmpfs-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
        (int exitCode, _, string error) = SystemTest.Run("mount", "-t", "tmpfs", "-o", options, "tmpfs", Path);
        if (exitCode != 0)
        {
            Directory.Delete(Path);
            throw new InvalidOperationException($"mount -t tmpfs failed: {error}");
        }
    }

    public static bool Available => SystemTest.IsRoot && SystemTest.HasCommand("mount");

    public string Path { get; }

    public void Dispose()
    {
        SystemTest.Run("umount", "-l", Path);
        Directory.Delete(Path, recursive: true);
    }
}

/// <summary>Moves across filesystems: never a silent non-durable copy and delete.</summary>
[Collection(nameof(SyscallOrderTests))]
public sealed class CrossFilesystemTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public CrossFilesystemTests() => SystemTest.Require(TmpfsMount.Available, "mounting a tmpfs needs root and mount(8)");

    public void Dispose() => _dir.Dispose();

    [SkippableFact]
    public void Move_to_another_filesystem_copies_durably_before_removing_the_source()
    {
        using var other = new TmpfsMount();
        string source = _dir.File("upload.bin");
        string destination = Path.Combine(other.Path, "upload.bin");
        byte[] data = new byte[200_000];
        new Random(3).NextBytes(data);
        File.WriteAllBytes(source, data);

        DurableFile.Move(source, destination);

        Assert.Equal(data, File.ReadAllBytes(destination));
        Assert.False(File.Exists(source));
        Assert.Equal(new[] { "upload.bin" }, Array.ConvertAll(Directory.GetFileSystemEntries(other.Path), e => Path.GetFileName(e)!));
    }

    [SkippableFact]
    public void Move_to_another_filesystem_refuses_an_existing_destination_without_overwrite()
    {
        using var other = new TmpfsMount();
        string source = _dir.File("a");
        string destination = Path.Combine(other.Path, "a");
        File.WriteAllText(source, "new");
        File.WriteAllText(destination, "old");

        Assert.Throws<IOException>(() => DurableFile.Move(source, destination));
        Assert.Equal("old", File.ReadAllText(destination));
        Assert.Equal("new", File.ReadAllText(source));

        DurableFile.Move(source, destination, overwrite: true);
        Assert.Equal("new", File.ReadAllText(destination));
        Assert.False(File.Exists(source));
    }

    [SkippableFact]
    public void The_cross_filesystem_order_is_copy_flush_rename_directory_flush_then_delete_source()
    {
        SystemTest.Require(Strace.Available, "strace is not installed");
        using var other = new TmpfsMount();
        string source = _dir.File("upload.bin");
        string destination = Path.Combine(other.Path, "upload.bin");
        File.WriteAllText(source, "payload");

        // Trace both filesystems: the common root of the two paths is /tmp.
        IReadOnlyList<FsCall> calls = Strace.Trace(Path.GetTempPath(), "durable-move", source, destination);

        var check = new SequenceCheck(calls);
        check.Then("fsync of the source", c => c.Kind == "fsync" && c.Path == source);
        string temp = check.Then("exclusive create of a temporary file beside the destination",
            c => c.Kind == "open" && c.Flags.Contains("O_EXCL") && Path.GetDirectoryName(c.Path) == other.Path).Path;
        check.Then("write of the copy", c => c.Kind == "write" && c.Path == temp);
        check.Then("fsync of the copy", c => c.Kind == "fsync" && c.Path == temp);
        check.Then("rename of the copy into place", c => c.Kind is "rename" or "link" && c.Path == temp && c.Target == destination);
        check.Then("fsync of the destination directory", c => c.Kind == "fsync" && c.Path == other.Path,
            unless: c => c.Kind == "unlink" && c.Path == source);
        check.Then("unlink of the source", c => c.Kind == "unlink" && c.Path == source);
        check.Then("fsync of the source directory", c => c.Kind == "fsync" && c.Path == _dir.Path);
    }

    [SkippableFact]
    public void A_read_only_filesystem_gets_a_clear_error_naming_the_path_and_changes_nothing()
    {
        using var readOnly = new TmpfsMount();
        string path = Path.Combine(readOnly.Path, "settings.json");
        File.WriteAllText(path, "old");
        (int exitCode, _, string error) = SystemTest.Run("mount", "-o", "remount,ro", readOnly.Path);
        Assert.True(exitCode == 0, error);

        Exception failure = Assert.ThrowsAny<Exception>(() => DurableFile.WriteAllText(path, "new"));

        Assert.True(failure is UnauthorizedAccessException or IOException, failure.ToString());
        Assert.Contains(path, failure.Message);
        Assert.Contains("creating the temporary file", failure.Message);
        Assert.Equal("old", File.ReadAllText(path));
        Assert.Equal(new[] { "settings.json" }, Array.ConvertAll(Directory.GetFileSystemEntries(readOnly.Path), e => Path.GetFileName(e)!));
    }

    [SkippableFact]
    public void A_full_filesystem_fails_the_write_and_keeps_the_old_file_without_temp()
    {
        using var tiny = new TmpfsMount("size=256k");
        string path = Path.Combine(tiny.Path, "state.bin");
        File.WriteAllBytes(path, new byte[] { 1, 2, 3 });

        var failure = Assert.Throws<DurableWriteException>(() => DurableFile.WriteAllBytes(path, new byte[1 << 20]));

        Assert.Contains(path, failure.Message);
        Assert.Equal(DurableWriteStep.Write, failure.Step);
        Assert.Equal(28, failure.OSError);
        Assert.Equal(new byte[] { 1, 2, 3 }, File.ReadAllBytes(path));
        Assert.Equal(new[] { "state.bin" }, Array.ConvertAll(Directory.GetFileSystemEntries(tiny.Path), e => Path.GetFileName(e)!));
    }

    [SkippableFact]
    public void A_stream_whose_buffered_data_cannot_be_written_throws_the_flush_failure_once_on_dispose()
    {
        using var tiny = new TmpfsMount("size=256k");
        string path = Path.Combine(tiny.Path, "big.bin");
        var stream = new DurableFileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1 << 20);
        stream.Write(new byte[512 * 1024]);

        var failure = Assert.Throws<DurableWriteException>(() => stream.Dispose());

        Assert.Equal(DurableWriteStep.FlushFile, failure.Step);
        Assert.Equal(28, failure.OSError);
        Assert.Contains(path, failure.Message);
        stream.Dispose();
        Assert.Throws<ObjectDisposedException>(() => stream.WriteByte(1));
    }
}
