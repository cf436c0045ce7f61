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
/// Write errors injected by strace (<c>-P FILE -e inject=write,pwrite64:error=...</c>) into the writes to one file,
/// whichever way the runtime makes them: through a FileStream (pwrite) or through its own binding to libc (write), which
/// LD_PRELOAD tools such as libfiu cannot reach. An append that fails must be reported with the path, the step and the
/// reason, and leave the file as it was. The trace must show the injected failure, or the test proves nothing.
/// </summary>
[Collection(SystemTestCollection.Name)]
public sealed class InjectedWriteErrorTests : IDisposable
{
    private readonly ITestOutputHelper _output;
    private readonly string _directory;

    public InjectedWriteErrorTests(ITestOutputHelper output)
    {
        _output = output;
        _directory = Directory.CreateTempSubdirectory("durable-inject-").FullName;
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [SkippableTheory]
    [InlineData("durable-append-bytes", "EIO", "Input/output error")]
    [InlineData("durable-append-bytes", "ENOSPC", "No space left on device")]
    [InlineData("durable-append-text", "EIO", "Input/output error")]
    [InlineData("durable-append-text", "ENOSPC", "No space left on device")]
    [InlineData("durable-append-lines", "EIO", "Input/output error")]
    public void A_failing_append_is_reported_and_leaves_the_file_as_it_was(string operation, string error, string reason)
    {
        SystemRequirements.RequireLinux();
        SystemRequirements.RequireTool("strace");
        string target = Path.Combine(_directory, "events.log");
        File.WriteAllText(target, "event 1\n");
        DirectorySnapshot before = DirectorySnapshot.Take(_directory);
        string trace = Path.Combine(Path.GetTempPath(), $"durable-inject-{Guid.NewGuid():N}.strace");

        try
        {
            ProcessStartInfo start = WorkloadCommand.Create(new[] { operation, target, "event 2" },
                "strace", "-f", "-qq", "-o", trace, "-P", target, "-e", "trace=write,pwrite64", "-e", $"inject=write,pwrite64:error={error}");
            (int exitCode, IReadOnlyList<string> lines, string stderr) = ChildProcess.RunToEnd(start, TimeSpan.FromSeconds(120));
            string calls = File.ReadAllText(trace);

            Assert.True(calls.Contains("(INJECTED)", StringComparison.Ordinal), $"No write to {target} was failed; trace:\n{calls}");
            FailureAssert.ChildReportedFailedWrite(exitCode, string.Join("\n", lines), stderr, target, reason, before, _directory,
                $"{operation} under a failing write");
            _output.WriteLine($"{operation}, {error}: {calls.Split('\n').First(l => l.Contains("(INJECTED)", StringComparison.Ordinal))}");
            _output.WriteLine(stderr);
        }
        finally
        {
            File.Delete(trace);
        }
    }
}
