using System;
using System.IO;
using System.Linq;
using Xunit;

namespace DurableWrites.Tests;

/// <summary>Move, copy, replace, delete, sync and the directory operations.</summary>
public sealed class DurableFileNameTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Move_within_and_across_directories()
    {
        File.WriteAllText(_dir.File("a"), "A");
        Directory.CreateDirectory(_dir.File("sub"));

        DurableFile.Move(_dir.File("a"), _dir.File("b"));
        DurableFile.Move(_dir.File("b"), Path.Combine(_dir.File("sub"), "c"));

        Assert.Equal("A", File.ReadAllText(Path.Combine(_dir.File("sub"), "c")));
        Assert.Equal(new[] { "sub" }, _dir.Entries());
    }

    [Fact]
    public void Move_refuses_to_overwrite_unless_asked()
    {
        File.WriteAllText(_dir.File("src"), "new");
        File.WriteAllText(_dir.File("dst"), "old");

        var refused = Assert.Throws<IOException>(() => DurableFile.Move(_dir.File("src"), _dir.File("dst")));
        Assert.Contains(_dir.File("dst"), refused.Message);
        Assert.Equal("old", File.ReadAllText(_dir.File("dst")));
        Assert.Equal("new", File.ReadAllText(_dir.File("src")));

        DurableFile.Move(_dir.File("src"), _dir.File("dst"), overwrite: true);
        Assert.Equal("new", File.ReadAllText(_dir.File("dst")));
        Assert.Equal(new[] { "dst" }, _dir.Entries());
    }

    [Fact]
    public void Move_of_a_missing_file_names_it()
    {
        var missing = Assert.Throws<FileNotFoundException>(() => DurableFile.Move(_dir.File("ghost"), _dir.File("x")));
        Assert.Contains(_dir.File("ghost"), missing.Message);
    }

    [Fact]
    public void Copy_is_complete_keeps_the_source_mode_and_respects_overwrite()
    {
        byte[] data = new byte[3_000_000];
        new Random(7).NextBytes(data);
        File.WriteAllBytes(_dir.File("src"), data);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(_dir.File("src"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        DurableFile.Copy(_dir.File("src"), _dir.File("dst"));

        Assert.Equal(data, File.ReadAllBytes(_dir.File("dst")));
        Assert.Equal(data, File.ReadAllBytes(_dir.File("src")));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(File.GetUnixFileMode(_dir.File("src")), File.GetUnixFileMode(_dir.File("dst")));
        }

        Assert.Throws<IOException>(() => DurableFile.Copy(_dir.File("src"), _dir.File("dst")));
        File.WriteAllText(_dir.File("src"), "small");
        DurableFile.Copy(_dir.File("src"), _dir.File("dst"), overwrite: true);
        Assert.Equal("small", File.ReadAllText(_dir.File("dst")));
        Assert.Equal(new[] { "dst", "src" }, _dir.Entries());
    }

    [Fact]
    public void Replace_moves_the_source_over_the_destination_and_keeps_a_backup()
    {
        File.WriteAllText(_dir.File("new"), "v2");
        File.WriteAllText(_dir.File("current"), "v1");
        File.WriteAllText(_dir.File("backup"), "v0");

        DurableFile.Replace(_dir.File("new"), _dir.File("current"), _dir.File("backup"));

        Assert.Equal("v2", File.ReadAllText(_dir.File("current")));
        Assert.Equal("v1", File.ReadAllText(_dir.File("backup")));
        Assert.Equal(new[] { "backup", "current" }, _dir.Entries());

        File.WriteAllText(_dir.File("newer"), "v3");
        DurableFile.Replace(_dir.File("newer"), _dir.File("current"), null);
        Assert.Equal("v3", File.ReadAllText(_dir.File("current")));

        Assert.Throws<FileNotFoundException>(() => DurableFile.Replace(_dir.File("current"), _dir.File("nothing"), null));
    }

    [Fact]
    public void Delete_removes_and_ignores_a_missing_file_like_File_Delete()
    {
        File.WriteAllText(_dir.File("gone"), "x");
        DurableFile.Delete(_dir.File("gone"));
        DurableFile.Delete(_dir.File("gone"));

        Assert.Empty(_dir.Entries());
        Assert.Throws<DirectoryNotFoundException>(() => DurableFile.Delete(Path.Combine(_dir.File("no-such-dir"), "f")));
    }

    [Fact]
    public void Sync_accepts_files_and_directories_and_names_a_missing_path()
    {
        File.WriteAllText(_dir.File("f"), "x");
        DurableFile.Sync(_dir.File("f"));
        DurableFile.Sync(_dir.Path);
        DurableDirectory.Sync(_dir.Path);

        var missing = Assert.Throws<FileNotFoundException>(() => DurableFile.Sync(_dir.File("nope")));
        Assert.Contains(_dir.File("nope"), missing.Message);
        var missingDirectory = Assert.Throws<DirectoryNotFoundException>(() => DurableDirectory.Sync(_dir.File("nope")));
        Assert.Contains(_dir.File("nope"), missingDirectory.Message);
    }

    [Fact]
    public void CreateDirectory_creates_every_missing_level()
    {
        string deep = Path.Combine(_dir.Path, "a", "b", "c");
        DirectoryInfo created = DurableDirectory.CreateDirectory(deep);

        Assert.True(created.Exists);
        Assert.Equal(deep, created.FullName);
        DurableDirectory.CreateDirectory(deep);
    }

    [Fact]
    public void Directory_move_renames_and_refuses_an_existing_destination()
    {
        Directory.CreateDirectory(_dir.File("one"));
        File.WriteAllText(Path.Combine(_dir.File("one"), "f"), "x");
        Directory.CreateDirectory(_dir.File("taken"));

        DurableDirectory.Move(_dir.File("one"), _dir.File("two"));
        Assert.Equal("x", File.ReadAllText(Path.Combine(_dir.File("two"), "f")));
        Assert.Throws<IOException>(() => DurableDirectory.Move(_dir.File("two"), _dir.File("taken")));
        Assert.Throws<DirectoryNotFoundException>(() => DurableDirectory.Move(_dir.File("one"), _dir.File("three")));
    }

    [SkippableFact]
    public void A_filesystem_that_cannot_flush_directories_is_tolerated_and_reported()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "procfs is Linux's");
        var reported = new System.Collections.Generic.List<SyncUnsupportedEventArgs>();
        EventHandler<SyncUnsupportedEventArgs> handler = (_, e) => reported.Add(e);
        DurableDirectory.SyncUnsupported += handler;
        try
        {
            // procfs has no fsync: the kernel answers EINVAL, as some network filesystems do.
            DurableDirectory.Sync("/proc");
        }
        finally
        {
            DurableDirectory.SyncUnsupported -= handler;
        }

        SyncUnsupportedEventArgs only = Assert.Single(reported, e => e.Path == "/proc");
        Assert.Equal(22, only.OSError);
        Assert.Contains("Invalid argument", only.Reason);
    }
}
