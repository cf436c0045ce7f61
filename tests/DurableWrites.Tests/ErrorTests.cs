using System;
using System.IO;
using Xunit;

namespace DurableWrites.Tests;

/// <summary>Bad input gets the exception System.IO gives, naming the path; nothing is left behind.</summary>
public sealed class ErrorTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Null_empty_and_nul_paths_are_argument_errors()
    {
        Assert.Throws<ArgumentNullException>("path", () => DurableFile.WriteAllText(null!, "x"));
        Assert.Throws<ArgumentException>("path", () => DurableFile.WriteAllText("", "x"));
        Assert.Throws<ArgumentException>("path", () => DurableFile.WriteAllText("a\0b", "x"));
        Assert.Throws<ArgumentNullException>("bytes", () => DurableFile.WriteAllBytes(_dir.File("x"), null!));
        Assert.Throws<ArgumentNullException>("encoding", () => DurableFile.WriteAllText(_dir.File("x"), "x", null!));
        Assert.Throws<ArgumentNullException>("sourceFileName", () => DurableFile.Move(null!, "x"));
        Assert.Throws<ArgumentNullException>("path", () => DurableDirectory.Sync(null!));
        Assert.Empty(_dir.Entries());
    }

    [Fact]
    public void A_missing_directory_is_DirectoryNotFound_naming_the_path()
    {
        string path = Path.Combine(_dir.File("missing"), "settings.json");

        var error = Assert.Throws<DirectoryNotFoundException>(() => DurableFile.WriteAllText(path, "x"));

        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void A_directory_where_a_file_is_expected_is_UnauthorizedAccess_like_File()
    {
        Directory.CreateDirectory(_dir.File("folder"));

        Assert.Throws<UnauthorizedAccessException>(() => File.WriteAllText(_dir.File("folder"), "x"));
        var error = Assert.Throws<UnauthorizedAccessException>(() => DurableFile.WriteAllText(_dir.File("folder"), "x"));

        Assert.Contains(_dir.File("folder"), error.Message);
        Assert.Equal(new[] { "folder" }, _dir.Entries());
    }

    [SkippableFact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void An_over_long_name_fails_at_the_rename_naming_path_and_step_and_leaves_nothing()
    {
        Skip.If(OperatingSystem.IsWindows(), "NAME_MAX is a Unix limit");
        string path = _dir.File(new string('n', 300));

        var error = Assert.Throws<PathTooLongException>(() => DurableFile.WriteAllText(path, "x"));

        Assert.Contains(path, error.Message);
        Assert.Contains("renaming the file into place", error.Message);
        Assert.Empty(_dir.Entries());
    }

    [Fact]
    public void DurableWriteException_carries_path_step_and_os_error()
    {
        var error = new DurableWriteException("/data/x", DurableWriteStep.FlushFile, 5, "Durable write of '/data/x' failed while flushing the file to disk: Input/output error (errno 5).");

        Assert.IsAssignableFrom<IOException>(error);
        Assert.Equal("/data/x", error.Path);
        Assert.Equal(DurableWriteStep.FlushFile, error.Step);
        Assert.Equal(5, error.OSError);
        Assert.Equal(5, error.HResult);
    }
}
