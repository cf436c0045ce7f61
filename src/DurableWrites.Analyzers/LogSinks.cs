using Microsoft.CodeAnalysis;

namespace DurableWrites.Analyzers;

/// <summary>
/// Types that are sinks of a logging framework: a <c>TraceListener</c>, a Microsoft.Extensions.Logging <c>ILogger</c> or
/// <c>ILoggerProvider</c>, a Serilog <c>ILogEventSink</c>, an NLog <c>Target</c>, a log4net appender, or a class
/// implementing a project's own <c>ILogger</c>, <c>ILogTarget</c>, <c>ILogSink</c> or <c>ILogListener</c>. What they write
/// is diagnostics, flushed for someone reading along, not data a program needs after a crash: the rules leave their
/// files alone unless <c>durable_writes.include_log_sinks</c> is set. Recognised by what the type (or a type it is
/// nested in) implements or derives from, never by its own name: a write-ahead log or a journal is named for a log too.
/// </summary>
internal static class LogSinks
{
    /// <summary>True when code in <paramref name="type"/> is not judged: it, or a type it is declared in, is a logging framework's sink, and the project does not include sinks.</summary>
    public static bool LeavesOut(INamedTypeSymbol? type, KnownSymbols symbols, DurableWritesOptions options) =>
        !options.IncludeLogSinks && KnownSymbols.IsOrIsNestedIn(type, symbols.LogSinkTypes, IsSink);

    private static bool IsSink(INamedTypeSymbol type)
    {
        foreach (INamedTypeSymbol implemented in type.AllInterfaces)
        {
            if (IsSinkInterface(implemented))
            {
                return true;
            }
        }

        // A base list the compilation cannot resolve (a package not referenced) has its first entry taken for the base class.
        for (INamedTypeSymbol? baseType = type.BaseType; baseType is not null; baseType = baseType.BaseType)
        {
            if (baseType.Name == "TraceListener" && IsIn(baseType, "System", "Diagnostics")
                || baseType.Name == "Target" && IsIn(baseType, "NLog", "Targets")
                || baseType.TypeKind == TypeKind.Error && IsSinkInterface(baseType))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A logging interface by its name; Serilog's and log4net's by their namespace too, unless it is unresolved.</summary>
    private static bool IsSinkInterface(INamedTypeSymbol type) =>
        type.Name is "ILogger" or "ILoggerProvider" or "ILogTarget" or "ILogSink" or "ILogListener"
        || type.Name == "ILogEventSink" && (type.TypeKind == TypeKind.Error || IsIn(type, "Serilog", "Core"))
        || type.Name == "IAppender" && (type.TypeKind == TypeKind.Error || IsIn(type, "log4net", "Appender"));

    /// <summary>True when <paramref name="type"/> is declared directly in the namespace <c>outer.inner</c>.</summary>
    private static bool IsIn(INamedTypeSymbol type, string outer, string inner) =>
        type.ContainingType is null
        && type.ContainingNamespace is { Name: var name, ContainingNamespace: { Name: var outerName, ContainingNamespace.IsGlobalNamespace: true } }
        && name == inner && outerName == outer;
}
