using System;
using System.IO;
using Xunit;

namespace DurableWrites.Tests;

/// <summary>What a whole-file replace writes to, decided from one look at the target: links, directories, missing names.</summary>
public sealed class ReplaceTargetTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_link_to_a_directory_is_refused_naming_the_link()
    {
        Directory.CreateDirectory(_dir.File("real"));
        string link = _dir.File("link");
        Directory.CreateSymbolicLink(link, _dir.File("real"));

        var error = Assert.Throws<UnauthorizedAccessException>(() => DurableFile.WriteAllText(link, "x"));

        Assert.Contains($"'{link}'", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(_dir.File("real")));
    }

    [Fact]
    public void A_directory_is_refused()
    {
        Directory.CreateDirectory(_dir.File("dir"));

        Assert.Throws<UnauthorizedAccessException>(() => DurableFile.WriteAllText(_dir.File("dir"), "x"));
        Assert.Equal(new[] { "dir" }, _dir.Entries());
    }

    [Fact]
    public void A_dangling_link_gets_its_file_created_where_it_points()
    {
        string link = _dir.File("link.txt");
        File.CreateSymbolicLink(link, _dir.File("target.txt"));

        DurableFile.WriteAllText(link, "new");

        Assert.Equal("new", File.ReadAllText(_dir.File("target.txt")));
        Assert.NotNull(new FileInfo(link).LinkTarget);
        Assert.Equal(new[] { "link.txt", "target.txt" }, _dir.Entries());
    }

    [Fact]
    public void A_link_chain_is_followed_to_the_final_file_and_the_links_are_kept()
    {
        File.WriteAllText(_dir.File("final.txt"), "old");
        File.CreateSymbolicLink(_dir.File("middle.txt"), _dir.File("final.txt"));
        File.CreateSymbolicLink(_dir.File("first.txt"), _dir.File("middle.txt"));

        DurableFile.WriteAllText(_dir.File("first.txt"), "new");

        Assert.Equal("new", File.ReadAllText(_dir.File("final.txt")));
        Assert.NotNull(new FileInfo(_dir.File("first.txt")).LinkTarget);
        Assert.NotNull(new FileInfo(_dir.File("middle.txt")).LinkTarget);
    }

    [Fact]
    public void A_missing_directory_is_reported_before_anything_is_created()
    {
        string path = Path.Combine(_dir.File("missing"), "file.txt");

        var error = Assert.Throws<DirectoryNotFoundException>(() => DurableFile.WriteAllText(path, "x"));

        Assert.Contains(_dir.File("missing"), error.Message, StringComparison.Ordinal);
        Assert.Empty(_dir.Entries());
    }

    [Fact]
    public void A_new_file_is_created_and_an_existing_one_keeps_its_permission_bits()
    {
        string path = _dir.File("new.txt");
        DurableFile.WriteAllText(path, "first");
        Assert.Equal("first", File.ReadAllText(path));

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
            DurableFile.WriteAllText(path, "second");
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, File.GetUnixFileMode(path));
            Assert.Equal("second", File.ReadAllText(path));
        }
    }
}
