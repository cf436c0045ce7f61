using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using DurableWrites.CrashTests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace DurableWrites.CrashTests;

/// <summary>
/// Failures injected into the workload's writes with libfiu (fiu-run -x, the POSIX preload library): EIO and ENOSPC
/// from pwrite, and short writes, in the paths that write through a FileStream. A failed write must be reported with
/// the path and the step, keep the old file and leave no temporary file; short writes must still produce the exact content.
/// What the runtime calls through its own binding to libc (fsync, and on Linux the write of a byte replace's temporary
/// file and of an append to an existing file) cannot be reached this way, since LD_PRELOAD does not intercept it:
/// failing fsync calls are tested with real I/O errors in <see cref="IOErrorTests"/>, failing writes with injected
/// errors in <see cref="InjectedWriteErrorTests"/> and a full filesystem in <see cref="FullFileSystemTests"/>.
/// </summary>
[Collection(SystemTestCollection.Name)]
public sealed class LibfiuTests : IDisposable
{
    private readonly ITestOutputHelper _output;
    private readonly string _directory;

    public LibfiuTests(ITestOutputHelper output)
    {
        _output = output;
        _directory = Directory.CreateTempSubdirectory("durable-fiu-").FullName;
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [SkippableTheory]
    [InlineData("durable-write-text", 5, "Input/output error")]
    [InlineData("durable-write-text", 28, "No space left on device")]
    [InlineData("durable-append-lines", 5, "Input/output error")]
    [InlineData("durable-append-lines", 28, "No space left on device")]
    public void A_failing_write_is_reported_and_keeps_the_old_file(string operation, int errno, string reason)
    {
        SystemRequirements.RequireLinux();
        SystemRequirements.RequireTool("fiu-run");
        string target = Path.Combine(_directory, "settings.json");
        File.WriteAllText(target, "old settings");
        DirectorySnapshot before = DirectorySnapshot.Take(_directory);

        (int exitCode, string output, string error) = RunUnderFiu($"enable name=posix/io/rw/pwrite,failinfo={errno}", operation, target, "new settings");

        FailureAssert.ChildReportedFailedWrite(exitCode, output, error, target, reason, before, _directory, $"{operation} under a failing pwrite");
        _output.WriteLine($"{operation}, pwrite failing with errno {errno}: {error}");
    }

    [SkippableFact]
    public void Short_writes_still_give_the_exact_content()
    {
        SystemRequirements.RequireLinux();
        SystemRequirements.RequireTool("fiu-run");
        string target = Path.Combine(_directory, "data.bin");
        File.WriteAllText(target, "old");

        // Every pwrite writes less than asked; the writer must go on until all of it is written.
        (int exitCode, string output, string error) = RunUnderFiu("enable name=posix/io/rw/pwrite/reduce", "durable-write-fill", target, (4 << 20).ToString(System.Globalization.CultureInfo.InvariantCulture), "z");

        Assert.True(exitCode == 0, $"The durable write under short writes exited with {exitCode}: {output} {error}");
        Assert.Contains("ACK", output, StringComparison.Ordinal);
        byte[] content = File.ReadAllBytes(target);
        Assert.Equal(4 << 20, content.Length);
        Assert.True(Array.TrueForAll(content, b => b == (byte)'z'), "The content written with short writes is wrong.");
        Assert.Empty(FailureAssert.TemporaryFiles(_directory));
    }

    private static (int ExitCode, string Output, string Error) RunUnderFiu(string command, params string[] arguments)
    {
        (int exitCode, IReadOnlyList<string> lines, string error) =
            ChildProcess.RunToEnd(WorkloadCommand.Create(arguments, "fiu-run", "-x", "-c", command), TimeSpan.FromSeconds(120));
        return (exitCode, string.Join("\n", lines), error);
    }
}
