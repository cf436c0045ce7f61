using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace DurableWrites.Testing;

/// <summary>The output of a finished command.</summary>
public sealed record CommandResult(string Command, int ExitCode, string Output)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>The ids of the diagnostics of one severity in MSBuild output, one per distinct file and position.</summary>
    public IReadOnlyList<(string File, string Id)> Diagnostics(string severity) =>
        Regex.Matches(Output, $@"^\s*(?<file>[^\s(][^(]*)\((?<pos>\d+,\d+)\): {severity} (?<id>[A-Z]+\d+):", RegexOptions.Multiline)
            .Select(m => (File: Path.GetFileName(m.Groups["file"].Value), Pos: m.Groups["pos"].Value, Id: m.Groups["id"].Value))
            .Distinct()
            .Select(d => (d.File, d.Id))
            .OrderBy(d => d.File, StringComparer.Ordinal).ThenBy(d => d.Id, StringComparer.Ordinal)
            .ToList();

    public override string ToString() => $"$ {Command}\n(exit code {ExitCode})\n{Output}";
}

/// <summary>
/// Runs the dotnet CLI (or a built program) for the package and crash tests as a user would in a terminal, without standard input, with its own
/// NuGet package folder when given one, and without the test host's MSBuild settings leaking in.
/// </summary>
internal sealed class Dotnet
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(8);

    private readonly Dictionary<string, string?> _environment = new();

    public Dotnet(string? nugetPackages = null)
    {
        if (nugetPackages is not null)
        {
            _environment["NUGET_PACKAGES"] = nugetPackages;
        }

        _environment["DOTNET_NOLOGO"] = "1";
        _environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        _environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        _environment["DOTNET_GENERATE_ASPNET_CERTIFICATE"] = "false";
        _environment["DOTNET_CLI_UI_LANGUAGE"] = "en";
        _environment["MSBUILDDISABLENODEREUSE"] = "1";
        _environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        _environment["TERM"] = "dumb";
    }

    public Dotnet With(string name, string? value)
    {
        var copy = new Dotnet();
        foreach (var (key, v) in _environment)
        {
            copy._environment[key] = v;
        }

        copy._environment[name] = value;
        return copy;
    }

    public CommandResult Run(string workingDirectory, params string[] arguments) => Exec("dotnet", workingDirectory, arguments);

    public CommandResult Exec(string fileName, string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The test host runs inside `dotnet test`, whose MSBuild variables would point the child builds at its state.
        foreach (string name in start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || k.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in _environment)
        {
            start.Environment[name] = value;
        }

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        string command = $"{fileName} {string.Join(' ', arguments)}";
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            lock (output)
            {
                throw new TimeoutException($"'{command}' (in {workingDirectory}) did not finish within {Timeout.TotalMinutes:0} minutes:\n{output}");
            }
        }

        process.WaitForExit();
        lock (output)
        {
            return new CommandResult(command, process.ExitCode, output.ToString());
        }
    }
}
