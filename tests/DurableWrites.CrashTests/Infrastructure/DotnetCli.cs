namespace DurableWrites.CrashTests.Infrastructure;

/// <summary>
/// Runs the dotnet CLI (build, format) as a user would in a terminal, through the runner the package tests use: no
/// standard input, no build server or node left running afterwards, and without the test host's MSBuild settings.
/// </summary>
internal static class DotnetCli
{
    internal static ToolResult Run(string workingDirectory, params string[] arguments)
    {
        CommandResult result = new Dotnet().Run(workingDirectory, arguments);
        return new ToolResult(result.Command, result.ExitCode, result.Output, "");
    }
}
