using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;

namespace DurableWrites.CrashTests.Infrastructure;

/// <summary>Runs the system tools (mkfs, losetup, mount, ...) and reports a failure with the command and its output.</summary>
internal static class Tools
{
    private static readonly string[] ExtraDirectories = { "/usr/local/sbin", "/usr/sbin", "/sbin", "/usr/bin", "/bin" };

    /// <summary>The full path of <paramref name="tool"/> in PATH or the system directories, or null.</summary>
    internal static string? Find(string tool)
    {
        IEnumerable<string> path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries);
        return path.Concat(ExtraDirectories)
            .Select(directory => Path.Combine(directory, tool))
            .FirstOrDefault(File.Exists);
    }

    /// <summary>Runs the tool and returns its standard output; throws, naming the command, on a non-zero exit or a time-out.</summary>
    internal static string Run(string tool, params string[] arguments) => Run(TimeSpan.FromSeconds(120), tool, arguments);

    internal static string Run(TimeSpan timeout, string tool, params string[] arguments)
    {
        ToolResult result = TryRun(timeout, tool, arguments);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"'{result.CommandLine}' failed with exit code {result.ExitCode}: {result.StandardError.Trim()} {result.StandardOutput.Trim()}".Trim());
        }

        return result.StandardOutput;
    }

    /// <summary>Runs the tool and returns what happened; throws only when it cannot be started or does not finish in time.</summary>
    internal static ToolResult TryRun(TimeSpan timeout, string tool, params string[] arguments)
    {
        string executable = Find(tool) ?? throw new InvalidOperationException($"'{tool}' is not installed.");
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = "/",
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        string commandLine = tool + " " + string.Join(" ", arguments);
        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception exception)
        {
            throw new InvalidOperationException($"'{commandLine}' could not be started: {exception.Message}", exception);
        }

        process.StandardInput.Close();
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit((int)timeout.TotalMilliseconds))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new TimeoutException($"'{commandLine}' did not finish within {timeout.TotalSeconds:0} s.");
        }

        process.WaitForExit();
        return new ToolResult(commandLine, process.ExitCode, output.Result, error.Result);
    }
}

internal sealed record ToolResult(string CommandLine, int ExitCode, string StandardOutput, string StandardError)
{
    public override string ToString()
    {
        var text = new StringBuilder($"'{CommandLine}' exited with {ExitCode}");
        if (StandardError.Trim().Length > 0)
        {
            text.Append(": ").Append(StandardError.Trim());
        }

        return text.ToString();
    }
}
