using System;

namespace DurableWrites.Bench;

/// <summary>
/// Commands:
/// <list type="bullet">
/// <item><c>run [--out DIR] [--work DIR] [--rounds N] [--pause-ms MS] [--quick] [--only ID,ID] [--allow-memory-fs]</c>: builds the C limit, runs every
/// scenario with its implementations interleaved, and writes <c>runtime.json</c> and <c>runtime.svg</c> to DIR.</item>
/// <item><c>report [--in DIR] [--md FILE]</c>: writes the Markdown report from the JSON results in DIR.</item>
/// <item><c>worker MODE DIR SIZE COUNT WARMUP [FILES]</c>: one .NET implementation's timed operations.</item>
/// </list>
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        string command = args.Length > 0 ? args[0] : "";
        string[] rest = args.Length > 0 ? args[1..] : Array.Empty<string>();
        switch (command)
        {
            case "worker": return Worker.Run(rest);
            case "run": return Driver.Run(Options.Parse(rest));
            case "report": return Report.Run(Options.Parse(rest));
            default:
                Console.Error.WriteLine("usage: DurableWrites.Bench run|report|worker [options]  (see Program.cs)");
                return 2;
        }
    }
}
