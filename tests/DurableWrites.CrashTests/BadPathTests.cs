using System;
using System.IO;
using System.Text;
using DurableWrites.CrashTests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace DurableWrites.CrashTests;

/// <summary>
/// Paths that cannot work: a missing parent directory, a path that is a directory, a name over 255 bytes. Each durable
/// call fails with the exception System.IO uses for the mistake, naming the path and the cause (and the step, where
/// a step of the sequence failed), and leaves nothing behind: no temporary file, no change.
/// </summary>
[Collection(SystemTestCollection.Name)]
public sealed class BadPathTests : IDisposable
{
    private readonly ITestOutputHelper _output;
    private readonly string _directory;
    private readonly string _source;

    public BadPathTests(ITestOutputHelper output)
    {
        _output = output;
        _directory = Directory.CreateTempSubdirectory("durable-bad-path-").FullName;
        _source = Path.Combine(_directory, "source.txt");
        File.WriteAllText(_source, "source");
        File.WriteAllText(Path.Combine(_directory, "settings.json"), "old");
        Directory.CreateDirectory(Path.Combine(_directory, "folder"));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [SkippableFact]
    public void A_missing_parent_directory_is_reported_and_nothing_is_created()
    {
        string path = Path.Combine(_directory, "missing", "settings.json");
        Check<DirectoryNotFoundException>("WriteAllText", path, () => DurableFile.WriteAllText(path, "new"), "does not exist");
        Check<DirectoryNotFoundException>("AppendAllText", path, () => DurableFile.AppendAllText(path, "new"), "Could not find a part of the path", DurableWriteStep.CreateTemporaryFile);
        Check<DirectoryNotFoundException>("Copy", path, () => DurableFile.Copy(_source, path), "does not exist");
        Check<DirectoryNotFoundException>("Move", path, () => DurableFile.Move(_source, path), "does not exist");
        Check<DirectoryNotFoundException>("Create", path, () => DurableFile.Create(path).Dispose(), "Could not find a part of the path");
    }

    [SkippableFact]
    public void A_path_that_is_a_directory_is_reported_and_the_directory_is_untouched()
    {
        string path = Path.Combine(_directory, "folder");
        Check<UnauthorizedAccessException>("WriteAllText", path, () => DurableFile.WriteAllText(path, "new"), "it is a directory");
        Check<UnauthorizedAccessException>("WriteAllBytes", path, () => DurableFile.WriteAllBytes(path, new byte[] { 1 }), "it is a directory");
        Check<UnauthorizedAccessException>("AppendAllText", path, () => DurableFile.AppendAllText(path, "new"), "is denied", DurableWriteStep.CreateTemporaryFile);
        Check<UnauthorizedAccessException>("Copy", path, () => DurableFile.Copy(_source, path, overwrite: true), "it is a directory");
        Check<UnauthorizedAccessException>("Create", path, () => DurableFile.Create(path).Dispose(), "is denied");

        // Move and Delete get as far as the system call, which refuses: the message names the step and the OS's reason.
        Check<IOException>("Move", _source, () => DurableFile.Move(_source, path, overwrite: true), "Is a directory", DurableWriteStep.Rename);
        Check<UnauthorizedAccessException>("Delete", path, () => DurableFile.Delete(path), "is denied", DurableWriteStep.Delete);
    }

    [SkippableFact]
    public void A_name_over_255_bytes_is_reported_and_no_temporary_file_is_left()
    {
        string ascii = Path.Combine(_directory, new string('a', 256));
        string utf8 = Path.Combine(_directory, new string('é', 128)); // 256 bytes in UTF-8, 128 characters
        foreach (string path in new[] { ascii, utf8 })
        {
            Check<PathTooLongException>("WriteAllText", path, () => DurableFile.WriteAllText(path, "new"), "too long", DurableWriteStep.Rename);
            Check<PathTooLongException>("AppendAllText", path, () => DurableFile.AppendAllText(path, "new"), "too long", DurableWriteStep.CreateTemporaryFile);
            Check<PathTooLongException>("Copy", path, () => DurableFile.Copy(_source, path), "too long", DurableWriteStep.Rename);
            Check<PathTooLongException>("CreateDirectory", path, () => DurableDirectory.CreateDirectory(path), "too long", DurableWriteStep.CreateDirectory);
            Check<PathTooLongException>("Create", path, () => DurableFile.Create(path).Dispose(), "too long");
        }
    }

    [SkippableFact]
    public void A_name_of_exactly_255_bytes_is_written_although_its_temporary_name_would_be_longer()
    {
        SystemRequirements.RequireLinux();
        foreach (string name in new[] { new string('a', 255), new string('é', 127) + "a" })
        {
            Assert.Equal(255, Encoding.UTF8.GetByteCount(name));
            string path = Path.Combine(_directory, name);
            DurableFile.WriteAllText(path, "new");
            DurableFile.WriteAllText(path, "newer");
            Assert.Equal("newer", File.ReadAllText(path));
            Assert.Empty(FailureAssert.TemporaryFiles(_directory));
            File.Delete(path);
        }
    }

    /// <summary>The call throws <typeparamref name="T"/> naming the path and the cause (and the step, when given), and changes nothing.</summary>
    private void Check<T>(string what, string path, Action call, string cause, DurableWriteStep? step = null) where T : Exception
    {
        SystemRequirements.RequireLinux();
        DirectorySnapshot before = DirectorySnapshot.Take(_directory);
        T exception = FailureAssert.Throws<T>(call, what);
        if (step is { } failedStep)
        {
            FailureAssert.NamesPathAndStep(exception, path, what, failedStep);
        }
        else
        {
            FailureAssert.NamesPath(exception, path, what);
        }

        FailureAssert.GivesReason(exception, cause, what);
        FailureAssert.Unchanged(before, _directory, what);
        _output.WriteLine($"{what}: {exception.GetType().Name}: {exception.Message}");
    }
}
