using System;
using System.Diagnostics;
using System.IO;
using Xunit;

namespace DurableWrites.Tests;

/// <summary>
/// Tests that need the operating system's tools (strace, root, mounts) skip where those are missing, with the reason,
/// unless DURABLE_REQUIRE_SYSTEM_TESTS=1 (set by CI), which turns the skip into a failure.
/// </summary>
public static class SystemTest
{
    public static bool Required => Environment.GetEnvironmentVariable("DURABLE_REQUIRE_SYSTEM_TESTS") == "1";

    public static void Require(bool available, string reason)
    {
        if (available)
        {
            return;
        }

        if (Required)
        {
            Assert.Fail($"DURABLE_REQUIRE_SYSTEM_TESTS=1 but this test cannot run: {reason}");
        }

        Skip.If(true, reason);
    }

    public static bool IsLinux => OperatingSystem.IsLinux();

    public static bool IsRoot => IsLinux && Environment.UserName == "root";

    public static bool HasCommand(string name)
    {
        foreach (string directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
        {
            if (directory.Length > 0 && File.Exists(Path.Combine(directory, name)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Runs a command to completion; returns its exit code and output.</summary>
    public static (int ExitCode, string StdOut, string StdErr) Run(string fileName, params string[] arguments)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)!;
        var stdErr = process.StandardError.ReadToEndAsync();
        string stdOut = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdOut, stdErr.Result);
    }
}

/// <summary>A fresh directory per test, removed afterwards.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "durablewrites-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Names of every entry left in the directory, sorted: temp files show up here.</summary>
    public string[] Entries()
    {
        string[] names = Array.ConvertAll(Directory.GetFileSystemEntries(Path), e => System.IO.Path.GetFileName(e)!);
        Array.Sort(names, StringComparer.Ordinal);
        return names;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
