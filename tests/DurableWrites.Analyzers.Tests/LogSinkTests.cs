using System.Linq;
using System.Threading.Tasks;
using DurableWrites.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis.Testing;
using Dur001 = DurableWrites.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    DurableWrites.Analyzers.Dur001UnflushedStreamAnalyzer,
    DurableWrites.CodeFixes.Dur001UnflushedStreamFixer>;
using Dur002 = DurableWrites.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    DurableWrites.Analyzers.Dur002DirectoryEntryAnalyzer,
    DurableWrites.CodeFixes.Dur002DirectoryEntryFixer>;
using Dur003 = DurableWrites.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    DurableWrites.Analyzers.Dur003GlobalSyncAnalyzer,
    DurableWrites.CodeFixes.Dur003GlobalSyncFixer>;
using Dur004 = DurableWrites.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    DurableWrites.Analyzers.Dur004OneShotWriteAnalyzer,
    DurableWrites.CodeFixes.Dur004OneShotWriteFixer>;

namespace DurableWrites.Analyzers.Tests;

/// <summary>
/// A logging framework's sink writes diagnostics, flushed for whoever reads along: the rules leave its files alone,
/// unless <c>durable_writes.include_log_sinks = true</c>. A sink is known by what its type implements or derives from,
/// never by its name, so a write-ahead log stays judged.
/// </summary>
public class LogSinkTests
{
    private const string IncludeLogSinks = "durable_writes.include_log_sinks = true";

    private static readonly DiagnosticResult Appended = Dur004.Diagnostic().WithLocation(0).WithArguments("File.AppendAllText", "_path");

    /// <summary>The logging frameworks' types a sink is built on, declared here as their packages declare them.</summary>
    private const string Frameworks = """
        namespace Microsoft.Extensions.Logging
        {
            public interface ILogger { void Log(string message); }
            public interface ILoggerProvider { ILogger CreateLogger(string category); }
        }
        namespace Serilog.Core { public interface ILogEventSink { void Emit(string logEvent); } }
        namespace NLog.Targets { public abstract class Target { protected abstract void Write(string logEvent); } }
        namespace log4net.Appender { public interface IAppender { void DoAppend(string loggingEvent); } }
        namespace MyApp.Events { public interface ILogEventSink { void Emit(string logEvent); } }
        """;

    /// <summary>A sink that appends each message to its file with a one-shot write, as a hand-written file logger does.</summary>
    private static string AppendingSink(string declaration, string method) => $$"""
        using System.IO;

        public sealed class FileSink {{declaration}}
        {
            private readonly string _path;

            public FileSink(string directory) => _path = Path.Combine(directory, "app.txt");

            {{method}}
            {
                {|#0:File.AppendAllText(_path, message + "\n")|};
            }
        }

        {{Frameworks}}
        """;

    [Theory]
    [InlineData(": System.Diagnostics.TraceListener", "public override void Write(string? message) { } public override void WriteLine(string? message)")]
    [InlineData(": Microsoft.Extensions.Logging.ILogger", "public void Log(string message)")]
    [InlineData(": Serilog.Core.ILogEventSink", "public void Emit(string message)")]
    [InlineData(": NLog.Targets.Target", "protected override void Write(string message)")]
    [InlineData(": log4net.Appender.IAppender", "public void DoAppend(string message)")]
    public async Task AFrameworksSink_IsNotJudged_UnlessIncluded(string declaration, string method)
    {
        string source = AppendingSink(declaration, method);
        await Dur004.VerifyAnalyzerAsync(source);
        await Dur004.VerifyAnalyzerAsync(source, IncludeLogSinks, Appended);
    }

    [Fact]
    public Task AClassWithNoSinkBase_IsJudged() =>
        Dur004.VerifyAnalyzerAsync(AppendingSink("", "public void Log(string message)"), Appended);

    [Fact]
    public Task AnInterfaceNamedAsSerilogsInAnotherNamespace_IsNoSink() =>
        Dur004.VerifyAnalyzerAsync(AppendingSink(": MyApp.Events.ILogEventSink", "public void Emit(string message)"), Appended);

    [Theory]
    [InlineData("ILogTarget")]
    [InlineData("ILogSink")]
    [InlineData("ILogger")]
    public Task AProjectsOwnLoggerInterface_MakesASink(string name) =>
        Dur004.VerifyAnalyzerAsync(AppendingSink(": MyApp.Logging." + name, "public void Write(string message)") + $$"""

            namespace MyApp.Logging { public interface {{name}} { void Write(string message); } }
            """);

    [Fact]
    public async Task AWriterFieldOfASink_IsNotJudged_UnlessIncluded()
    {
        const string source = """
            using System;
            using System.IO;

            public sealed class RollingFileTarget : NLog.Targets.Target, IDisposable
            {
                private readonly StreamWriter _writer;

                public RollingFileTarget(string directory) => _writer = new StreamWriter(Path.Combine(directory, "app.txt"), append: true);

                protected override void Write(string logEvent)
                {
                    _writer.WriteLine(logEvent);
                    {|#0:_writer.Flush()|};
                }

                public void Dispose() => _writer.Dispose();
            }

            namespace NLog.Targets { public abstract class Target { protected abstract void Write(string logEvent); } }
            """;
        await Dur001.VerifyAnalyzerAsync(source);
        await Dur001.VerifyAnalyzerAsync(source, IncludeLogSinks, Dur001.Diagnostic().WithLocation(0).WithArguments("_writer", "handed to the operating system by Flush()"));
    }

    [Fact]
    public async Task ATypeNestedInAProvider_IsPartOfTheSink()
    {
        const string source = """
            using System.IO;
            using Microsoft.Extensions.Logging;

            public sealed class FileLoggerProvider : ILoggerProvider
            {
                public ILogger CreateLogger(string category) => throw new System.NotSupportedException(new LogFile(category).ToString());

                private sealed class LogFile
                {
                    private readonly string _category;

                    public LogFile(string category) => _category = category;

                    public void Append(string message)
                    {
                        using var stream = {|#0:new FileStream(_category + ".txt", FileMode.Create)|};
                        stream.Write(new byte[] { 1 });
                    }
                }
            }

            namespace Microsoft.Extensions.Logging
            {
                public interface ILogger { void Log(string message); }
                public interface ILoggerProvider { ILogger CreateLogger(string category); }
            }
            """;
        await Dur001.VerifyAnalyzerAsync(source);
        await Dur002.VerifyAnalyzerAsync(source);
        await Dur001.VerifyAnalyzerAsync(source, IncludeLogSinks, Dur001.Diagnostic().WithLocation(0).WithArguments("stream", "then closed"));
    }

    [Fact]
    public Task AStoreThatUsesALogger_IsJudged() =>
        Dur004.VerifyAnalyzerAsync("""
            using System.IO;
            using Microsoft.Extensions.Logging;

            public sealed class OrderStore
            {
                private readonly ILogger _logger;

                public OrderStore(ILogger logger) => _logger = logger;

                public void Save(string path, string order)
                {
                    {|#0:File.WriteAllText(path, order)|};
                    _logger.Log("saved " + path);
                }
            }

            namespace Microsoft.Extensions.Logging { public interface ILogger { void Log(string message); } }
            """, Dur004.Diagnostic().WithLocation(0).WithArguments("File.WriteAllText", "path"));

    /// <summary>A file compiled without the logging package: its base list is unresolved, and still names a sink.</summary>
    [Theory]
    [InlineData("ILoggerProvider, System.IDisposable", false)]
    [InlineData("System.IDisposable, ILoggerProvider", false)]
    [InlineData("Serilog.Core.ILogEventSink", false)]
    [InlineData("log4net.Appender.IAppender", false)]
    [InlineData("IOrderStore", true)]
    [InlineData("Target", true)]
    public async Task AnUnresolvedBaseList_IsReadByItsNames(string baseList, bool judged)
    {
        string source = $$"""
            using System.IO;
            using Microsoft.Extensions.Logging;

            public sealed class FileSink : {{baseList}}
            {
                public void Dispose() { }

                public void Write(string directory, string line) => File.AppendAllText(Path.Combine(directory, "app.txt"), line);
            }
            """;
        var diagnostics = await AllRules.AnalyzeAsync(source);
        Assert.Equal(judged ? new[] { "DUR004" } : System.Array.Empty<string>(), diagnostics.Select(d => d.Id).Where(id => id.StartsWith("DUR", System.StringComparison.Ordinal)));
    }

    [Fact]
    public Task AGlobalSyncInASink_IsStillReported() =>
        Dur003.VerifyAnalyzerAsync("""
            using System.Diagnostics;
            using System.IO;

            public sealed class FileTraceListener : TraceListener
            {
                public override void Write(string? message) => File.AppendAllText("/var/log/app.txt", message);

                public override void WriteLine(string? message)
                {
                    File.AppendAllText("/var/log/app.txt", message + "\n");
                    {|#0:Process.Start("sync")|};
                }
            }
            """, Dur003.Diagnostic().WithLocation(0).WithArguments("Process.Start(\"sync\")", "; flush only what this method wrote with DurableFile.Sync for '\"/var/log/app.txt\"'"));
}
